import type { JSONContent } from '@tiptap/core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { bodyToMarkdown, fromMarkdown } from '../../../src/shared/export/markdown.js'
import { newDocumentState, readBody } from '../../../src/shared/model/documentBody.js'

const text = (value: string, ...marks: { type: string; attrs?: Record<string, unknown> }[]): JSONContent => ({
  type: 'text',
  text: value,
  ...(marks.length ? { marks } : {}),
})
const p = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content })
const heading = (level: number, ...content: JSONContent[]): JSONContent => ({ type: 'heading', attrs: { level }, content })
const item = (...content: JSONContent[]): JSONContent => ({ type: 'listItem', content })
const bullets = (...items: JSONContent[]): JSONContent => ({ type: 'bulletList', content: items })
const numbers = (...items: JSONContent[]): JSONContent => ({ type: 'orderedList', content: items })
const task = (checked: boolean, ...content: JSONContent[]): JSONContent => ({ type: 'taskItem', attrs: { checked }, content })
const tasks = (...items: JSONContent[]): JSONContent => ({ type: 'taskList', content: items })
const quote = (...content: JSONContent[]): JSONContent => ({ type: 'blockquote', content })
const code = (value: string): JSONContent => ({ type: 'codeBlock', attrs: { language: null }, content: [text(value)] })
const rule: JSONContent = { type: 'horizontalRule' }
const table = (...rows: JSONContent[][]): JSONContent => ({
  type: 'table',
  content: rows.map((cells, row) => ({
    type: 'tableRow',
    content: cells.map((cell) => ({ type: row === 0 ? 'tableHeader' : 'tableCell', content: [p(cell)] })),
  })),
})
const bold = { type: 'bold' }
const italic = { type: 'italic' }
const codeMark = { type: 'code' }
const link = (href: string) => ({ type: 'link', attrs: { href, title: null } })

const HEADING_WARNING = '1 heading that starts a list item became a paragraph, because a list item in Casebook cannot start with a heading.'

/** The body a new document made of this body stores, as the editor would read it. */
function stored(body: JSONContent): JSONContent {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, newDocumentState({ kind: 'case-study', title: 'T' }, body).state)
  return readBody(doc)
}

describe('reading valid Markdown that TipTap reads to a body the schema refuses, loses text of, or throws on', () => {
  it.each<[string, JSONContent[], string[]]>([
    ['- # Heading in a list item', [bullets(item(p(text('Heading in a list item'))))], [HEADING_WARNING]],
    ['- ## **Bold** heading', [bullets(item(p(text('Bold', bold), text(' heading'))))], [HEADING_WARNING]],
    ['- Setext heading\n  ---', [bullets(item(p(text('Setext heading'))))], [HEADING_WARNING]],
    [
      '> - # One\n> - ## Two',
      [quote(bullets(item(p(text('One'))), item(p(text('Two')))))],
      ['2 headings that start list items became paragraphs, because a list item in Casebook cannot start with a heading.'],
    ],
    ['-\n  # Heading under an empty first line', [bullets(item(p(), heading(1, text('Heading under an empty first line'))))], []],
    ['- > # Heading in a quote', [bullets(item(p(), quote(heading(1, text('Heading in a quote')))))], []],
    ['- ***', [bullets(item(p(), rule))], []],
    ['- | a | b |\n  | - | - |\n  | 1 | 2 |', [bullets(item(p(), table([text('a'), text('b')], [text('1'), text('2')])))], []],
    ['- ```\n  code in an item\n  ```', [bullets(item(p(), code('code in an item')))], []],
    ['-     indented code', [bullets(item(p(), code('indented code')))], []],
    ['- > quote', [bullets(item(p(), quote(p(text('quote')))))], []],
    ['- - nested at once', [bullets(item(p(), bullets(item(p(text('nested at once'))))))], []],
    [
      '- item\n| a | b |\n| - | - |\n| 1 | 2 |\n\n    text after',
      [bullets(item(p(text('item')), table([text('a'), text('b')], [text('1'), text('2')]), p(text('  text after'))))],
      [],
    ],
    ['- [ ]', [tasks(task(false, p()))], []],
    ['- [x]\n- [ ] a box with no text above', [tasks(task(true, p()), task(false, p(text('a box with no text above'))))], []],
    ['- [ ] a\n- [ ]\n- [ ] c', [tasks(task(false, p(text('a'))), task(false, p()), task(false, p(text('c'))))], []],
    [
      '- bullet\n- [ ]\n- [x]\n  - nested\n- bullet',
      [bullets(item(p(text('bullet')))), tasks(task(false, p()), task(true, p(), bullets(item(p(text('nested')))))), bullets(item(p(text('bullet'))))],
      [],
    ],
    ['1. \n2. empty first item', [numbers(item(p()), item(p(text('empty first item'))))], []],
    ['1.', [numbers(item(p()))], []],
    ['>', [quote(p())], []],
    ['Text\n\n  ```\n  fence indented by two\n  ```', [p(text('Text')), code('fence indented by two')], []],
    [
      '| a | b |\n| - | - |\n| `a|b` | x |\n- the line after',
      [table([text('a'), text('b')], [text('a|b', codeMark), text('x')]), bullets(item(p(text('the line after'))))],
      [],
    ],
    ['**`bold code`** and *`italic code`*', [p(text('bold code', codeMark), text(' and '), text('italic code', codeMark))], []],
    ['[`linked code`](https://example.org/api)', [p(text('linked code', link('https://example.org/api')))], []],
    ['*an *emphasis* inside* and **a **strong** inside**', [p(text('an emphasis inside', italic), text(' and '), text('a strong inside', bold))], []],
    [
      '* - [ ] task\n\n  - [ ] another\n\n    lazy line',
      [bullets(item(p(), tasks(task(false, p(text('task')))), tasks(task(false, p(text('another')), p(text('lazy line'))))))],
      [],
    ],
    [
      '1. 1. nested at once\n   2. second\n\t1. less indented',
      [
        numbers(item(p(text('1. nested at once')), { type: 'orderedList', attrs: { start: 2 }, content: [item(p(text('second')))] })),
        numbers(item(p(text('less indented')))),
      ],
      [],
    ],
    [
      '    12. twelve\nii. less indented',
      [
        { type: 'orderedList', attrs: { start: 12 }, content: [item(p(text('twelve')))] },
        { type: 'orderedList', attrs: { start: 2, type: 'i' }, content: [item(p(text('less indented')))] },
      ],
      [],
    ],
    ['- [ ] task\n continued by one space', [tasks(task(false, p(text('task')), p(text('continued by one space'))))], []],
    ['  - [ ] indented task\n   continued', [tasks(task(false, p(text('indented task')), p(text('continued'))))], []],
    [
      '> i. a roman list in a quote\n  ii. and a lazy line',
      [
        quote({ type: 'orderedList', attrs: { type: 'i' }, content: [item(p(text('a roman list in a quote')))] }),
        { type: 'orderedList', attrs: { start: 2, type: 'i' }, content: [item(p(text('and a lazy line')))] },
      ],
      [],
    ],
    [
      '[![build](https://example.org/badge.svg)](https://example.org/ci)',
      [p(text('build', link('https://example.org/ci')))],
      ['1 image on the web stayed a link: Casebook keeps the images given as files beside the Markdown file.'],
    ],
  ])('imports %j', (markdown, blocks, warnings) => {
    expect(stored(fromMarkdown(markdown).body)).toEqual(stored({ type: 'doc', content: blocks }))
    expect(fromMarkdown(markdown).warnings.map((warning) => warning.message)).toEqual(warnings)
  })
})

describe('writing what the schema allows and Markdown reads differently', () => {
  it.each<[string, JSONContent]>([
    ['an empty task at the end', tasks(task(false, p(text('first'))), task(false, p()))],
    ['an empty bullet', bullets(item(p()), item(p(text('b'))))],
    ['an empty numbered item', numbers(item(p()), item(p(text('b'))))],
    ['an empty quote', quote(p())],
    ['an item with a list under an empty line', bullets(item(p(), bullets(item(p(text('x'))))))],
    ['an item with a heading under an empty line', bullets(item(p(), heading(2, text('H'))))],
    ['an item with a rule, code and a quote under an empty line', bullets(item(p(), rule, code('c'), quote(p(text('q')))))],
  ])('reads %s back as written', (_, block) => {
    const body = { type: 'doc', content: [p(text('Before')), block] }
    const markdown = bodyToMarkdown(body)
    expect(stored(fromMarkdown(markdown).body), markdown).toEqual(stored(body))
    expect(fromMarkdown(markdown).warnings).toEqual([])
  })
})
