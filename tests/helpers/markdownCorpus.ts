import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { seededRandom } from './seededRandom.js'

/**
 * Markdown blocks chosen to probe where TipTap's list and table tokenizers start and stop: nested,
 * loose and lazy lists, task lists, ordered lists counting from other numbers and in other numerals,
 * tables (some with code spans holding pipes), code fences holding blank lines and list-looking lines,
 * quotes, headings, HTML, rules, and blocks that end without a blank line.
 */
export const MARKDOWN_BLOCKS: readonly string[] = [
  '# Bus rapid transit in Lagos',
  '## What was done\nA paragraph right under its heading.',
  'Plain text with **bold**, *italic*, `code`, a [link](https://example.org "t") and an ![image](a.png).',
  'A paragraph\nthat goes on\nover three lines.',
  '- one\n- two\n  - two a\n  - two b\n    - deeper\n- three',
  '* star list\n* with items\n\n* loose after a blank',
  '+ plus list\n+ second',
  '1. first\n2. second\n   - nested bullet\n3. third\n   1. nested one\n   2. nested two',
  '3. starts at three\n4. four',
  '7) parenthesis markers\n8) eight',
  'i. roman one\nii. roman two\niii. roman three',
  'a. alpha\nb. beta\n\n   indented paragraph inside b',
  '1. lazy item\ncontinued without indent\n2. next',
  '1. item\n\n   second paragraph of the item\n\n2. loose item',
  '1. item followed by a heading\n# Heading right after',
  '1. item followed by a bullet\n- bullet right after',
  '1. item then text after a blank\n\nNot in the list.',
  '1. item then a fence\n```\ncode\n```',
  '- [ ] open task\n- [x] done task\n- [X] done in capitals\n  - [ ] nested task\n    - [x] deeper task',
  '- [ ] task with a paragraph after\nA paragraph directly after.',
  '- [ ] loose task\n\n- [ ] after a blank\n\n  indented continuation',
  '* [ ] star task\n+ [x] plus task',
  '| Year | Trips |\n| ---- | ----: |\n| 2016 | 450 |\n| 2023 | 880 |',
  '| Code | Meaning |\n| --- | :---: |\n| `a|b` | a pipe in code |\n| `x` | plain |',
  '| Table | then text |\n| --- | --- |\n| 1 | 2 |\nA line right after the table.',
  'Not a table | but pipes\nand a second line - with a dash',
  '```js\nconst a = 1\n\n1. not a list\n- [ ] not a task\n| not | a table |\n|---|---|\n```',
  '~~~\ntilde fence\n\n  - still code\n~~~',
  '    indented code\n    1. not a list',
  '> A quote\n> - with a list\n> 1. and numbers\n>\n> - [ ] and a task',
  '> Lazy quote\ncontinued',
  '<div class="note">Some <b>HTML</b></div>',
  '<!-- a comment -->',
  '---',
  '***',
  'Setext heading\n===========',
  '10. ten\n11. eleven\n\n12. twelve after a blank',
  '- a\n\n\n- b after two blanks',
  '\t- tab indented bullet\n\t1. tab indented number',
  'Line with trailing spaces  \nhard break',
  '- [ ]\n- [ ] a box with no text above',
  '1. \n2. empty first item',
  '1. item with CRLF\r\n2. second\r\n',
]

/**
 * Valid Markdown that TipTap 3.31.3 reads to a body Casebook's schema refuses, or loses text of: list
 * items starting with a heading, a rule, a table, code, a quote or a list; empty items, tasks and quotes;
 * bare text after a table in an item or in a task; fences indented by a few spaces; an image or code
 * inside a link, code inside emphasis, emphasis inside emphasis.
 */
export const SCHEMA_MISFITS: readonly string[] = [
  '- # Heading in a list item',
  '- ## **Bold** heading in an item',
  '- Setext heading in an item\n  ---',
  '> - # Heading in a quoted item',
  '-\n  # Heading under an empty first line',
  '- ***',
  '- | In | item |\n  | -- | ---- |\n  | 1  | 2    |',
  '- ```\n  code in an item\n  ```',
  '-     indented code in an item',
  '- > quote in an item',
  '- - nested at once',
  '- > # Heading in a quote in an item',
  '- [ ]',
  '- [ ] task\n- [ ]\n- [ ] after an empty task',
  '- bullet\n- [ ]\n- [x]\n- bullet after empty tasks',
  '1.',
  '>',
  '- item\n| a | b |\n| - | - |\n| 1 | 2 |\n\n    text after the table',
  '  ```\n  fence indented by two\n  ```',
  '[![badge](https://example.org/badge.svg)](https://example.org/ci)',
  '**`bold code`**, *`italic code`* and [`linked code`](https://example.org/api)',
  '*an *emphasis* inside emphasis* and **strong **inside** strong**',
  '* - [ ] task in an item\n\n  - [ ] another\n\n    lazy line of the task',
]

/** A document made of `count` blocks picked by a seeded generator, joined by one blank line or none. */
export function markdownDocument(seed: number, count: number, blocks: readonly string[] = MARKDOWN_BLOCKS): string {
  let state = seed
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return state / 2 ** 31
  }
  const parts: string[] = []
  for (let index = 0; index < count; index++) {
    parts.push(blocks[Math.floor(next() * blocks.length)] ?? '')
    parts.push(next() < 0.75 ? '\n\n' : '\n')
  }
  return parts.join('')
}

/** What nestedMarkdownDocument puts blocks in: list items, tasks, quotes and mixes of them. */
const CONTAINERS = ['- ', '1. ', 'ii. ', '- [ ] ', '> ', '> - ', '- > ', '1. - ', '- 1. ']

/**
 * A document made of `count` blocks picked by a seeded generator, most of them put in a container
 * (their next lines indented or quoted to stay in it), joined by one blank line or none.
 */
export function nestedMarkdownDocument(seed: number, count: number, blocks: readonly string[]): string {
  const random = seededRandom(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const parts: string[] = []
  for (let index = 0; index < count; index++) {
    const container = random() < 0.3 ? '' : pick(CONTAINERS)
    const continuation = container.startsWith('>') ? `>${' '.repeat(container.length - 1)}` : ' '.repeat(container.length)
    const lines = pick(blocks).split('\n')
    parts.push(lines.map((line, number) => (number === 0 ? container : continuation) + line).join('\n'), random() < 0.75 ? '\n\n' : '\n')
  }
  return parts.join('')
}

/**
 * A Markdown case study of about `bytes` bytes: front matter, then the body of the Bogotá fixture (prose,
 * nested and numbered lists, a task list, a table, a quote, a rule) again and again.
 */
export function largeMarkdown(bytes: number): string {
  const fixture = readFileSync(join(import.meta.dirname, '../fixtures/bogota-bike-lanes.md'), 'utf8')
  const body = fixture.slice(fixture.indexOf('\n---\n', 4) + 5)
  const text = ['---\ntitle: A long case study\nkind: case-study\n---\n']
  for (let length = text[0]!.length; length < bytes; length += body.length + 1) text.push(body, '\n')
  return text.join('')
}
