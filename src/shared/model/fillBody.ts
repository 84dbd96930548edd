import type { JSONContent } from '@tiptap/core'
import type { Mark, Node as ProseMirrorNode } from '@tiptap/pm/model'
import * as Y from 'yjs'
import { CasebookError } from '../errors.js'
import { schema } from './schema.js'

/**
 * Fills an empty body fragment from a body's JSON one block at a time, checking each block against
 * the schema, and takes the blocks out of `body.content` as it goes. The Yjs content is what
 * y-tiptap's prosemirrorToYXmlFragment makes of the whole body read into ProseMirror (see
 * tests/unit/model/fillBody.test.ts), but a big body is never held three times at once: 10 MB of
 * Markdown makes some 430 MB of JSON, 330 MB of ProseMirror nodes and 980 MB of Y.Doc (sharing their
 * strings), which together would need twice the heap the Y.Doc does.
 */
export function fillBody(fragment: Y.XmlFragment, body: JSONContent): void {
  const blocks: (JSONContent | undefined)[] = body.content?.length ? body.content : [{ type: 'paragraph' }]
  body.content = []
  let match = schema.topNodeType.contentMatch
  let last: Y.XmlElement | null = null
  for (let index = 0; index < blocks.length; index++) {
    const node = checkedNode(blocks[index]!)
    blocks[index] = undefined
    const next = match.matchType(node.type)
    if (!next) throw invalidBody(`Invalid content for node doc: a ${node.type.name} cannot be a block`)
    match = next
    const block = element(node)
    // After the last block rather than at an index, which Yjs finds by walking the list from its start.
    fragment.insertAfter(last, [block])
    last = block
  }
  if (!match.validEnd) throw invalidBody('Invalid content for node doc: it holds no block')
}

export function invalidBody(problem: string, cause?: unknown): CasebookError {
  return new CasebookError('INVALID_CONTENT', `The document body does not fit Casebook's schema: ${problem}.`, { cause })
}

function checkedNode(json: JSONContent): ProseMirrorNode {
  try {
    const node = schema.nodeFromJSON(json)
    node.check()
    return node
  } catch (error) {
    throw invalidBody((error as Error).message, error)
  }
}

/** As y-tiptap's createTypeFromElementNode: attributes that are not null, then the children, runs of text as one XmlText. */
function element(node: ProseMirrorNode): Y.XmlElement {
  const type = new Y.XmlElement(node.type.name)
  for (const key in node.attrs) {
    const value: unknown = node.attrs[key]
    if (value !== null) type.setAttribute(key, value as string)
  }
  const children: (Y.XmlElement | Y.XmlText)[] = []
  let texts: ProseMirrorNode[] = []
  node.forEach((child) => {
    if (child.isText) {
      texts.push(child)
      return
    }
    if (texts.length) children.push(text(texts))
    texts = []
    children.push(element(child))
  })
  if (texts.length) children.push(text(texts))
  type.insert(0, children)
  return type
}

/** As y-tiptap's createTypeFromTextNodes. */
function text(nodes: ProseMirrorNode[]): Y.XmlText {
  const type = new Y.XmlText()
  type.applyDelta(nodes.map((node) => ({ insert: node.text, attributes: markAttributes(node.marks) })))
  return type
}

/**
 * Each mark as an attribute named after its type. y-tiptap names a mark that may overlap another of
 * its type by a hash of its JSON too; none of the schema's marks may (a test checks it).
 */
function markAttributes(marks: readonly Mark[]): Record<string, unknown> {
  const attributes: Record<string, unknown> = {}
  for (const mark of marks) attributes[mark.type.name] = mark.attrs
  return attributes
}
