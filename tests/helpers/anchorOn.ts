import { Node } from '@tiptap/pm/model'
import type * as Y from 'yjs'
import { BodyPositions } from '../../src/shared/model/commentAnchor.js'
import { readBody } from '../../src/shared/model/documentBody.js'
import { schema } from '../../src/shared/model/schema.js'

/** A comment's anchor on the first occurrence of `words` in the document's body, as the editor would make it from that selection. */
export function anchorOn(doc: Y.Doc, words: string): ReturnType<BodyPositions['anchorOf']> {
  let range: { from: number; to: number } | null = null
  Node.fromJSON(schema, readBody(doc)).descendants((node, pos) => {
    const at = node.isText ? node.text!.indexOf(words) : -1
    if (!range && at >= 0) range = { from: pos + at, to: pos + at + words.length }
  })
  if (!range) throw new Error(`The document does not hold “${words}”.`)
  const { from, to } = range
  return new BodyPositions(doc).anchorOf(from, to)
}
