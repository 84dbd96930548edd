import type { JSONContent } from '@tiptap/core'
import { KINDS, type DocumentKind } from './kinds.js'

/** A new document's body: each section of its kind as a level-2 heading over an empty paragraph. */
export function templateBody(kind: DocumentKind): JSONContent {
  return {
    type: 'doc',
    content: KINDS[kind].sections.flatMap((section) => [
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: section }] },
      { type: 'paragraph' },
    ]),
  }
}
