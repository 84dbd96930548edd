import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { markdownToContent } from '../../../src/main/import/markdownToContent.js'
import { newDocumentState, readBodyText } from '../../../src/shared/model/documentBody.js'
import { MARKDOWN_BLOCKS, markdownDocument, nestedMarkdownDocument, SCHEMA_MISFITS } from '../../helpers/markdownCorpus.js'

const BLOCKS = [...MARKDOWN_BLOCKS, ...SCHEMA_MISFITS]

describe('markdownToContent', () => {
  it.each([
    ['mixing tricky Markdown blocks', (seed: number) => markdownDocument(seed, 12, BLOCKS)],
    ['nesting them in list items, tasks and quotes', (seed: number) => nestedMarkdownDocument(seed, 12, BLOCKS)],
  ])('imports 300 seeded documents %s, keeping every word of their text', async (_, document) => {
    for (let seed = 1; seed <= 300; seed++) {
      const markdown = `Intro\n\n${document(seed)}`
      const converted = await markdownToContent(Buffer.from(markdown))
      const doc = new Y.Doc()
      Y.applyUpdate(doc, newDocumentState({ kind: 'case-study', title: 'T' }, converted.body).state)
      const text = readBodyText(doc)
      // Words of four letters or more, but for link and image addresses, which are not text.
      const words = markdown.replace(/\]\([^)]*\)/g, ']').match(/[A-Za-z]{4,}/g) ?? []
      expect(
        words.filter((word) => !text.includes(word)),
        markdown,
      ).toEqual([])
    }
  })
})
