import type { JSONContent } from '@tiptap/core'
import { SECTIONS, type DocumentKind } from './kinds.js'
import type { Language } from './languages.js'

/** A new document's body: each section of its kind, in its language, as a level-2 heading over an empty paragraph. */
export function templateBody(kind: DocumentKind, language: Language): JSONContent {
  return {
    type: 'doc',
    content: SECTIONS[language][kind].flatMap((section) => [
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: section }] },
      { type: 'paragraph' },
    ]),
  }
}
