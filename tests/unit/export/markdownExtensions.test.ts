import { MarkdownManager } from '@tiptap/markdown'
import { Marked, type marked } from 'marked'
import { describe, expect, it } from 'vitest'
import { markdownImage } from '../../../src/shared/export/markdownImages.js'
import { readValidMarkdown } from '../../../src/shared/export/readValidMarkdown.js'
import { mapExtensions } from '../../../src/shared/export/mapExtensions.js'
import { markdownExtensions } from '../../../src/shared/export/markdownExtensions.js'
import { schemaExtensions } from '../../../src/shared/model/schema.js'
import { MARKDOWN_BLOCKS, markdownDocument, SCHEMA_MISFITS } from '../../helpers/markdownCorpus.js'

// Each converter gets a marked instance of its own: extensions registered on the shared one would mix.
// MarkdownManager's type asks for the shared instance, whose methods a Marked has too.
const ownMarked = () => new Marked() as unknown as typeof marked
// The same extensions as the converter's, fitted to the schema, without the guards.
// The same extensions, images read as markdownImages.ts reads them, but for the guards.
const unguarded = new MarkdownManager({
  marked: ownMarked(),
  extensions: mapExtensions(mapExtensions(schemaExtensions, readValidMarkdown), (extension) =>
    extension.name === 'image' ? markdownImage(extension) : extension,
  ),
})
const guarded = new MarkdownManager({ marked: ownMarked(), extensions: markdownExtensions })

function expectSameParse(markdown: string): void {
  expect(guarded.instance.lexer(markdown), markdown).toEqual(unguarded.instance.lexer(markdown))
  expect(guarded.parse(markdown), markdown).toEqual(unguarded.parse(markdown))
}

describe('the guarded Markdown tokenizers', () => {
  it.each([...MARKDOWN_BLOCKS, ...SCHEMA_MISFITS].map((block) => [block]))('read %j as TipTap does', (block) => {
    expectSameParse(block)
    expectSameParse(`Text before\n${block}\nText after`)
    expectSameParse(`${block}\n\n${block}\n${block}`)
  })

  it('read 400 documents mixing those blocks, with and without blank lines between them, as TipTap does', () => {
    for (let seed = 1; seed <= 300; seed++) expectSameParse(markdownDocument(seed, 12))
    for (let seed = 1; seed <= 100; seed++) expectSameParse(markdownDocument(seed, 12, [...MARKDOWN_BLOCKS, ...SCHEMA_MISFITS]))
  })

  it('leave the ordered-list, task-list and table tokenizers TipTap would use', () => {
    const blocks = (manager: MarkdownManager) => manager.instance.defaults.extensions?.block?.length
    expect(blocks(guarded)).toBe(blocks(unguarded))
    expect(guarded.parse(MARKDOWN_BLOCKS.join('\n\n')).content?.map((node) => node.type)).toEqual(
      expect.arrayContaining(['orderedList', 'bulletList', 'taskList', 'table', 'codeBlock', 'blockquote', 'heading', 'horizontalRule']),
    )
  })
})
