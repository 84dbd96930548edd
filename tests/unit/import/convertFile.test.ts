import { MarkdownManager } from '@tiptap/markdown'
import { Marked, type marked } from 'marked'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { convertFile } from '../../../src/main/import/convertFile.js'
import { markdownExtensions } from '../../../src/shared/export/markdownExtensions.js'
import { BODY_FRAGMENT, readMeta } from '../../../src/shared/model/document.js'
import { buildDocument, newDocumentContent, readBody, readBodyText } from '../../../src/shared/model/documentBody.js'
import { markdownDocument } from '../../helpers/markdownCorpus.js'

/** TipTap's own Markdown parse, through its public API, on a marked instance of its own. */
const tiptap = new MarkdownManager({ marked: new Marked() as unknown as typeof marked, extensions: markdownExtensions })

describe('convertFile', () => {
  it('turns a varied Markdown file into the Yjs document that TipTap’s parse, built as library.create builds one, gives', async () => {
    // Two documents mixing every kind of block, and a reference link and image defined at the end.
    const body = `${markdownDocument(1, 60)}\n\n${markdownDocument(3, 60)}\n[a reference link][1] and ![a reference image][1]\n\n[1]: https://example.org/r "R"\n`
    const bytes = new TextEncoder().encode(`---\ntitle: Varied\ncity: Lagos\nlayout: post\n---\n${body}`)

    const imported = await convertFile({ name: 'varied.md', bytes }, { network: 'brt-network' })
    const doc = new Y.Doc()
    Y.applyUpdate(doc, imported.document.state)

    const expected = buildDocument(
      'expected',
      newDocumentContent({ kind: 'case-study', title: 'Varied', city: 'Lagos', network: 'brt-network' }, tiptap.parse(body)),
    )
    expect(readBody(doc)).toEqual(readBody(expected))
    expect(readBody(doc).content?.map((node) => node.type)).toEqual(
      expect.arrayContaining(['orderedList', 'bulletList', 'taskList', 'table', 'codeBlock', 'blockquote']),
    )
    expect(readBodyText(doc)).toBe(readBodyText(expected))
    expect(readBodyText(doc)).toContain('a reference link and a reference image')
    expect(doc.getXmlFragment(BODY_FRAGMENT).toJSON()).toBe(expected.getXmlFragment(BODY_FRAGMENT).toJSON())
    const dates = { createdAt: imported.document.meta.createdAt, updatedAt: imported.document.meta.updatedAt }
    expect(readMeta(doc)).toEqual(imported.document.meta)
    expect(imported.document.meta).toEqual({ ...readMeta(expected), ...dates })
    // As counted by the import before it lexed the text only once.
    expect(imported.warnings.map((warning) => [warning.code, warning.params, warning.message])).toEqual([
      ['frontMatterFieldLeftOut', { field: 'layout' }, 'The front matter field "layout" is not used by Casebook and was left out.'],
      ['imagesAsLinks', { count: 1 }, '1 image on the web stayed a link: Casebook keeps the images given as files beside the Markdown file.'],
      [
        'imagesNotRead',
        { count: 1 },
        '1 image given as a file became a link: the app imports the Markdown file alone, without its folder, so the images beside it could not be read. The command line (casebook import) reads them.',
      ],
      ['rawHtmlAsText', { count: 8 }, '8 pieces of raw HTML became plain text.'],
    ])
  })

  it('keeps the language a file’s front matter names, and leaves out, saying so, one Casebook does not have', async () => {
    const markdown = (language: string) => new TextEncoder().encode(`---\ntitle: 快速公交\nlanguage: ${language}\n---\n## 概要\n\n北京的快速公交系统\n`)
    const chinese = await convertFile({ name: 'brt.md', bytes: markdown('zh-CN') })
    expect(chinese.document.meta.language).toBe('zh-CN')
    expect(chinese.warnings).toEqual([])

    const german = await convertFile({ name: 'brt.md', bytes: markdown('de') })
    const doc = new Y.Doc()
    Y.applyUpdate(doc, german.document.state)
    expect(readMeta(doc)).toEqual(german.document.meta)
    expect('language' in german.document.meta).toBe(false)
    expect(german.document.meta.title).toBe('快速公交')
    expect(readBodyText(doc)).toBe('概要\n\n北京的快速公交系统')
    expect(german.warnings).toEqual([
      { code: 'languageLeftOut', params: { language: 'de' }, message: 'Its language "de" was left out: Casebook documents are in en, es, pt-BR, fr, zh-CN.' },
    ])

    const none = await convertFile({ name: 'plain.md', bytes: new TextEncoder().encode('Hi\n') })
    expect('language' in none.document.meta).toBe(false)
  })

  it('keeps the document a file says it was adapted from, and names a bad one as the front matter’s', async () => {
    const markdown = (adaptedFrom: string) => new TextEncoder().encode(`---\ntitle: Quito BRT\nadaptedFrom:\n${adaptedFrom}\n---\nHola\n`)
    const adapted = await convertFile({ name: 'quito.md', bytes: markdown('  id: 0123456789abcdef\n  network: brt\n  title: Lagos BRT') })
    expect(adapted.document.meta.adaptedFrom).toEqual({ id: '0123456789abcdef', network: 'brt', title: 'Lagos BRT' })
    const doc = new Y.Doc()
    Y.applyUpdate(doc, adapted.document.state)
    expect(readMeta(doc).adaptedFrom).toEqual(adapted.document.meta.adaptedFrom)

    await expect(convertFile({ name: 'quito.md', bytes: markdown('  id: not-an-id\n  title: Lagos BRT') })).rejects.toMatchObject({
      code: 'INVALID_META',
      message: 'Its front matter\'s "adaptedFrom" must be a document id.',
    })
  })

  it('reads a front matter language as a BCP 47 tag, in any case, the closest one Casebook has', async () => {
    const markdown = (language: string) => new TextEncoder().encode(`---\ntitle: Informe\nlanguage: ${language}\n---\nTexto\n`)
    const tags = { 'zh-cn': 'zh-CN', zh: 'zh-CN', 'zh-Hans': 'zh-CN', pt: 'pt-BR', 'pt-br': 'pt-BR', 'pt-PT': 'pt-BR', 'es-MX': 'es', 'fr-CA': 'fr', EN: 'en' }
    for (const [tag, language] of Object.entries(tags)) {
      const imported = await convertFile({ name: 'informe.md', bytes: markdown(tag) })
      expect([tag, imported.document.meta.language, imported.warnings]).toEqual([tag, language, []])
    }
    const traditional = await convertFile({ name: 'informe.md', bytes: markdown('zh-TW') })
    expect('language' in traditional.document.meta).toBe(false)
    expect(traditional.warnings).toEqual([expect.objectContaining({ code: 'languageLeftOut', params: { language: 'zh-TW' } })])
  })

  it('turns a file TipTap alone would read to a body the schema refuses into a document, saying what changed', async () => {
    const bytes = new TextEncoder().encode('- # Kickoff\n- [ ] \n\n**`npm ci`** first\n\n- [ ]\n')
    const imported = await convertFile({ name: 'misfits.md', bytes })
    const doc = new Y.Doc()
    Y.applyUpdate(doc, imported.document.state)
    const task = { type: 'taskList', content: [{ type: 'taskItem', attrs: { checked: false }, content: [{ type: 'paragraph' }] }] }
    expect(readBody(doc).content).toEqual([
      { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Kickoff' }] }] }] },
      task,
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'npm ci', marks: [{ type: 'code', attrs: {} }] },
          { type: 'text', text: ' first' },
        ],
      },
      task,
    ])
    expect(imported.document.meta.title).toBe('misfits')
    expect(imported.warnings.map((warning) => warning.message)).toEqual([
      '1 heading that starts a list item became a paragraph, because a list item in Casebook cannot start with a heading.',
    ])
  })
})
