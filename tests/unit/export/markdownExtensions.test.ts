import { MarkdownManager } from '@tiptap/markdown'
import { Marked, type marked } from 'marked'
import { describe, expect, it } from 'vitest'
import { markdownExtensions } from '../../../src/shared/export/markdownExtensions.js'
import { schemaExtensions } from '../../../src/shared/model/schema.js'
import { MARKDOWN_BLOCKS, markdownDocument } from '../../helpers/markdownCorpus.js'

// Each converter gets a marked instance of its own: extensions registered on the shared one would mix.
// MarkdownManager's type asks for the shared instance, whose methods a Marked has too.
const ownMarked = () => new Marked() as unknown as typeof marked
const unguarded = new MarkdownManager({ marked: ownMarked(), extensions: schemaExtensions })
const guarded = new MarkdownManager({ marked: ownMarked(), extensions: markdownExtensions })

function expectSameParse(markdown: string): void {
  expect(guarded.instance.lexer(markdown), markdown).toEqual(unguarded.instance.lexer(markdown))
  expect(guarded.parse(markdown), markdown).toEqual(unguarded.parse(markdown))
}

describe('the guarded Markdown tokenizers', () => {
  it.each(MARKDOWN_BLOCKS.map((block) => [block]))('read %j as TipTap does', (block) => {
    expectSameParse(block)
    expectSameParse(`Text before\n${block}\nText after`)
    expectSameParse(`${block}\n\n${block}\n${block}`)
  })

  it('read 300 documents mixing those blocks, with and without blank lines between them, as TipTap does', () => {
    for (let seed = 1; seed <= 300; seed++) expectSameParse(markdownDocument(seed, 12))
  })

  it('leave the ordered-list, task-list and table tokenizers TipTap would use', () => {
    const blocks = (manager: MarkdownManager) => manager.instance.defaults.extensions?.block?.length
    expect(blocks(guarded)).toBe(blocks(unguarded))
    expect(guarded.parse(MARKDOWN_BLOCKS.join('\n\n')).content?.map((node) => node.type)).toEqual(
      expect.arrayContaining(['orderedList', 'bulletList', 'taskList', 'table', 'codeBlock', 'blockquote', 'heading', 'horizontalRule']),
    )
  })
})
