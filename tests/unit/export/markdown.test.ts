import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { MarkdownManager } from '@tiptap/markdown'
import { Marked, marked } from 'marked'
import { describe, expect, it } from 'vitest'
import { isCasebookError } from '../../../src/shared/errors.js'
import { bodyToMarkdown, fromMarkdown, toMarkdown } from '../../../src/shared/export/markdown.js'
import { markdownExtensions } from '../../../src/shared/export/markdownExtensions.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { schema } from '../../../src/shared/model/schema.js'
import { markdownDocument } from '../../helpers/markdownCorpus.js'

const fixture = readFileSync(join(import.meta.dirname, '../../fixtures/bogota-bike-lanes.md'), 'utf8')

function roundTrip(markdown: string): string {
  return bodyToMarkdown(fromMarkdown(markdown).body)
}

describe('Markdown', () => {
  it('reads front matter, headings, nested lists, task lists, a table, links, a quote and code', () => {
    const parsed = fromMarkdown(fixture)
    expect(parsed.fields).toEqual({
      title: "Ciclovías: Bogotá's protected bike lanes",
      kind: 'case-study',
      network: 'brt-network',
      city: 'Bogotá',
      topics: ['cycling', 'street design'],
    })
    expect(parsed.warnings).toEqual([])
    const types = new Set<string>()
    schema.nodeFromJSON(parsed.body).descendants((node) => {
      types.add(node.type.name)
      for (const mark of node.marks) types.add(mark.type.name)
    })
    for (const type of [
      'heading',
      'orderedList',
      'bulletList',
      'taskList',
      'table',
      'tableHeader',
      'link',
      'bold',
      'italic',
      'code',
      'blockquote',
      'horizontalRule',
    ]) {
      expect(types, type).toContain(type)
    }
  })

  it('writes a Casebook document back to the same text', () => {
    const parsed = fromMarkdown(fixture)
    const content = newDocumentContent({ ...(parsed.fields as { kind: 'case-study'; title: string }) }, parsed.body)
    expect(toMarkdown(content.meta, content.body)).toBe(fixture)
  })

  it.each([
    ['# 5 reasons', '\\# 5 reasons'],
    ['1986. A good year', '1986\\. A good year'],
    ['- not a list', '\\- not a list'],
    ['+ not a list either', '\\+ not a list either'],
    ['> not a quote', '&gt; not a quote'],
    ['2 * 3 = 6, and *not* emphasis', '2 \\* 3 = 6, and \\*not\\* emphasis'],
  ])('escapes paragraph text %j that looks like Markdown syntax', (text, expected) => {
    const body = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] }
    const markdown = bodyToMarkdown(body)
    expect(markdown).toBe(`${expected}\n`)
    expect(fromMarkdown(markdown).body).toEqual(body)
  })

  it.each(['# 1 item', '===', '--', '---', '- - -', '2) second'])('escapes %j at the start of a line after a hard break', (line) => {
    const body = {
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Budget' }, { type: 'hardBreak' }, { type: 'text', text: line }] }],
    }
    expect(fromMarkdown(bodyToMarkdown(body)).body).toEqual(body)
  })

  it('drops white space at the start of a line rather than let it turn the line into code', () => {
    const body = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '    indented # not a heading' }] }] }
    expect(bodyToMarkdown(body)).toBe('indented # not a heading\n')
  })

  it('keeps round-tripped text stable', () => {
    for (const markdown of [
      'A table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n',
      'Line one  \nline two\n',
      'a\n\n\n\nb\n',
      '```ts\nconst x = 1\n\n\nreturn x\n```\n',
    ]) {
      const once = roundTrip(markdown)
      expect(roundTrip(once)).toBe(once)
    }
  })

  it('reads a text as TipTap’s MarkdownManager.parse does, reference links included', () => {
    const tiptap = new MarkdownManager({ marked: new Marked() as unknown as typeof marked, extensions: markdownExtensions })
    for (let seed = 1; seed <= 100; seed++) {
      const markdown = `Intro\n\n${markdownDocument(seed, 12)}\n[a link][r] and ![an image][r]\n\n[r]: https://example.org/r\n`
      expect(fromMarkdown(markdown).body, markdown).toEqual(tiptap.parse(markdown))
    }
  })

  it('turns an image on the web into a link and says so', () => {
    const parsed = fromMarkdown('A map: ![Bike network](https://example.org/map.png)\n')
    expect(parsed.warnings).toEqual([
      {
        code: 'imagesAsLinks',
        params: { count: 1 },
        message: '1 image on the web stayed a link: Casebook keeps the images given as files beside the Markdown file.',
      },
    ])
    expect(bodyToMarkdown(parsed.body)).toBe('A map: [Bike network](https://example.org/map.png)\n')
  })

  it('says which front matter fields it left out', () => {
    expect(fromMarkdown('---\ntitle: T\nlayout: post\n---\nHi\n').warnings).toEqual([
      {
        code: 'frontMatterFieldLeftOut',
        params: { field: 'layout' },
        message: 'The front matter field "layout" is not used by Casebook and was left out.',
      },
    ])
  })

  it('carries a document’s language in its front matter, both ways', () => {
    const { meta, body } = newDocumentContent(
      { kind: 'case-study', title: 'Metrocable', city: 'Medellín', language: 'es' },
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hola' }] }] },
    )
    const markdown = toMarkdown(meta, body)
    expect(markdown).toBe('---\ntitle: Metrocable\nkind: case-study\ncity: Medellín\nlanguage: es\n---\n\nHola\n')
    const parsed = fromMarkdown(markdown)
    expect(parsed.fields).toEqual({ title: 'Metrocable', kind: 'case-study', city: 'Medellín', language: 'es' })
    expect(parsed.warnings).toEqual([])
  })

  it('carries the document an adaptation was adapted from in its front matter, both ways', () => {
    const adaptedFrom = { id: '0123456789abcdef', network: 'brt', title: 'Lagos BRT', city: 'Lagos' }
    const { meta, body } = newDocumentContent(
      { kind: 'lessons-learned', title: 'Quito BRT', city: 'Quito', adaptedFrom },
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hola' }] }] },
    )
    const markdown = toMarkdown(meta, body)
    expect(markdown).toBe(
      '---\ntitle: Quito BRT\nkind: lessons-learned\ncity: Quito\nadaptedFrom:\n  id: 0123456789abcdef\n  network: brt\n  title: Lagos BRT\n  city: Lagos\n---\n\nHola\n',
    )
    expect(fromMarkdown(markdown).fields).toEqual({ title: 'Quito BRT', kind: 'lessons-learned', city: 'Quito', adaptedFrom })
  })

  it('names the problem in bad front matter', () => {
    for (const [text, message] of [
      ['---\ntitle: [unclosed\n---\n', /front matter is not valid YAML/],
      ['---\n- a list\n---\n', /front matter must be a list of "field: value" lines/],
    ] as const) {
      try {
        fromMarkdown(text)
        expect.unreachable()
      } catch (error) {
        expect(isCasebookError(error, 'INVALID_FILE')).toBe(true)
        expect((error as Error).message).toMatch(message)
      }
    }
  })

  it('leaves out default and empty meta in exported front matter', () => {
    const { meta, body } = newDocumentContent(
      { kind: 'workshop-notes', title: 'Kickoff', status: 'published' },
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hello' }] }] },
    )
    expect(toMarkdown(meta, body)).toBe('---\ntitle: Kickoff\nkind: workshop-notes\nstatus: published\n---\n\nHello\n')
  })
})

describe('the Markdown converter', () => {
  it('keeps its tokenizers to a marked instance of its own: the shared one still reads a task list and a lazy quote as marked does', () => {
    expect(fromMarkdown('- [ ] a task\n').body.content?.[0]?.type).toBe('taskList')
    expect(marked.lexer('- [ ] a task\n').map((token) => token.type)).toEqual(['list'])
    expect(marked.parse('> i. one\nii. two\n')).toBe('<blockquote>\n<p>i. one\nii. two</p>\n</blockquote>\n')
  })
})
