import type { JSONContent } from '@tiptap/core'
import type { Mark, Node as ProseMirrorNode } from '@tiptap/pm/model'
import * as encoding from 'lib0/encoding'
import { CasebookError } from '../errors.js'
import { schema } from './schema.js'

/** Yjs content kinds (the low five bits of a struct's info byte), and the Y types these documents hold. */
const CONTENT = { any: 8, format: 6, string: 4, type: 7 } as const
const XML_ELEMENT = 3
const XML_TEXT = 6
/** A struct's info byte says whether it has an origin (the struct to its left), and a key in a map. */
const HAS_ORIGIN = 0x80
const HAS_PARENT_SUB = 0x20

/** Where a struct goes: a root type by its name, or the type a struct made (by that struct's clock). */
type Parent = string | number

/** A new document: its Yjs client, its meta map's fields in order, its body fragment's content. */
export interface NewDocument {
  client: number
  meta: { root: string; fields: [string, unknown][] }
  body: { root: string; content: JSONContent }
}

/**
 * A new document, its meta fields (in the order given) and body, as the one Yjs update (version 1)
 * that a Y.Doc of client `client` would give if document.ts's setMetaFields and y-tiptap's
 * prosemirrorJSONToYXmlFragment filled it in one transaction, byte for byte
 * (tests/unit/model/encodeNewDocument.test.ts). Writing the update without a Y.Doc is what lets a
 * 1 MB Markdown file import within a second: the Y.Doc took 100 MB of objects for it, all of them
 * living until it was encoded, so V8's young generation copied them; building, encoding and
 * collecting it took half the import.
 *
 * Each block of `body.content` is read into ProseMirror and checked against the schema before it is
 * written, and taken out of the body then, so a big body is never held twice.
 */
export function encodeNewDocument({ client, meta, body }: NewDocument): Uint8Array {
  const writer = new UpdateWriter(client)
  for (const [key, value] of meta.fields) writer.mapEntry(meta.root, key, value)
  writer.body(body.root, body.content)
  return writer.finish()
}

export function invalidBody(problem: string, cause?: unknown): CasebookError {
  return new CasebookError('INVALID_CONTENT', `The document body does not fit Casebook's schema: ${problem}.`, { cause, reason: 'unreadable' })
}

/**
 * Writes the structs of one client, numbered from clock 0 in the order Yjs integrates them: a type,
 * then its children, then its attributes. Every struct is appended at the end of its parent, so it
 * has no right origin, and its origin is the last struct before it in that parent, if any.
 */
class UpdateWriter {
  private readonly structs = encoding.createEncoder()
  private count = 0
  private clock = 0

  constructor(private readonly client: number) {}

  mapEntry(parent: Parent, key: string, value: unknown): void {
    this.struct(CONTENT.any, null, parent, key)
    encoding.writeVarUint(this.structs, 1)
    encoding.writeAny(this.structs, value as encoding.AnyEncodable)
    this.clock += 1
  }

  body(root: string, body: JSONContent): void {
    const blocks: (JSONContent | undefined)[] = body.content?.length ? body.content : [{ type: 'paragraph' }]
    body.content = []
    let match = schema.topNodeType.contentMatch
    let left: number | null = null
    for (let index = 0; index < blocks.length; index++) {
      const node = checkedNode(blocks[index]!)
      blocks[index] = undefined
      const next = match.matchType(node.type)
      if (!next) throw invalidBody(`Invalid content for node doc: a ${node.type.name} cannot be a block`)
      match = next
      left = this.element(node, left, root)
    }
    if (!match.validEnd) throw invalidBody('Invalid content for node doc: it holds no block')
  }

  /** The update: one client's structs from clock 0, then an empty delete set (a 0 byte). */
  finish(): Uint8Array {
    const header = encoding.createEncoder()
    encoding.writeVarUint(header, 1)
    encoding.writeVarUint(header, this.count)
    encoding.writeVarUint(header, this.client)
    encoding.writeVarUint(header, 0)
    const head = encoding.toUint8Array(header)
    const structs = encoding.toUint8Array(this.structs)
    // Into a buffer of exactly its size, which the import worker hands over whole.
    const update = new Uint8Array(head.length + structs.length + 1)
    update.set(head)
    update.set(structs, head.length)
    return update
  }

  /** As y-tiptap's createTypeFromElementNode: the element, its children (runs of text as one XmlText), then its attributes that are not null. */
  private element(node: ProseMirrorNode, left: number | null, parent: Parent): number {
    const id = this.type(left, parent, XML_ELEMENT)
    encoding.writeVarString(this.structs, node.type.name)
    let child: number | null = null
    let texts: ProseMirrorNode[] = []
    node.forEach((inner) => {
      if (inner.isText) {
        texts.push(inner)
        return
      }
      if (texts.length) child = this.text(texts, child, id)
      texts = []
      child = this.element(inner, child, id)
    })
    if (texts.length) this.text(texts, child, id)
    for (const key in node.attrs) {
      const value: unknown = node.attrs[key]
      if (value !== null) this.mapEntry(id, key, value)
    }
    return id
  }

  /**
   * As YText.applyDelta with a text node per insert, on an empty XmlText: each run of text between
   * format structs that set its marks before it and clear them after it, in the same order.
   */
  private text(nodes: ProseMirrorNode[], left: number | null, parent: Parent): number {
    const id = this.type(left, parent, XML_TEXT)
    let last: number | null = null
    for (const node of nodes) {
      const marks = markAttributes(node.marks)
      for (const [key, value] of marks) last = this.format(last, id, key, value)
      const text = node.text ?? ''
      this.struct(CONTENT.string, last, id)
      encoding.writeVarString(this.structs, text)
      this.clock += text.length
      last = this.clock - 1
      for (const [key] of marks) last = this.format(last, id, key, null)
    }
    return id
  }

  private format(left: number | null, parent: Parent, key: string, value: unknown): number {
    this.struct(CONTENT.format, left, parent)
    encoding.writeVarString(this.structs, key)
    encoding.writeVarString(this.structs, JSON.stringify(value))
    return this.clock++
  }

  /** A struct making a type; the caller writes an element's name after it. Returns its clock. */
  private type(left: number | null, parent: Parent, typeRef: number): number {
    this.struct(CONTENT.type, left, parent)
    encoding.writeVarUint(this.structs, typeRef)
    return this.clock++
  }

  /** A struct's info byte, and its origin, or else its parent (and key in it); its content follows. */
  private struct(content: number, left: number | null, parent: Parent, parentSub?: string): void {
    this.count += 1
    encoding.writeUint8(this.structs, content | (left === null ? 0 : HAS_ORIGIN) | (parentSub === undefined ? 0 : HAS_PARENT_SUB))
    if (left !== null) {
      encoding.writeVarUint(this.structs, this.client)
      encoding.writeVarUint(this.structs, left)
      return
    }
    if (typeof parent === 'string') {
      encoding.writeVarUint(this.structs, 1)
      encoding.writeVarString(this.structs, parent)
    } else {
      encoding.writeVarUint(this.structs, 0)
      encoding.writeVarUint(this.structs, this.client)
      encoding.writeVarUint(this.structs, parent)
    }
    if (parentSub !== undefined) encoding.writeVarString(this.structs, parentSub)
  }
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

/**
 * Each mark as an attribute named after its type. y-tiptap names a mark that may overlap another of
 * its type by a hash of its JSON too; none of the schema's marks may (a test checks it).
 */
function markAttributes(marks: readonly Mark[]): [string, unknown][] {
  return marks.map((mark) => [mark.type.name, mark.attrs])
}
