import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Node } from '@tiptap/pm/model'
import { beforeEach, describe, expect, it } from 'vitest'
import { Library } from '../../../src/main/library/library.js'
import { BodyPositions } from '../../../src/shared/model/commentAnchor.js'
import { newDocumentContent, readBody } from '../../../src/shared/model/documentBody.js'
import { schema } from '../../../src/shared/model/schema.js'
import { casebook, type CliResult } from '../../helpers/cli.js'
import { docxParts } from '../../helpers/docxParts.js'
import { expectUserError } from '../../helpers/expectUserError.js'
import { useTempDir } from '../../helpers/tempDir.js'
import { wordComments, wordTextBetween } from '../../helpers/wordComments.js'

function expectOk(result: CliResult): string {
  expect(result.stderr, result.stderr).toBe('')
  expect(result.code).toBe(0)
  return result.stdout
}

describe('casebook export --comments', () => {
  const temp = useTempDir()
  let data: string
  let id: string
  const run = (...args: string[]) => casebook([...args, '--data', data], { cwd: temp.path })

  /** A document with a comment on "four million", a reply to it, and a resolved comment on "Unions". */
  beforeEach(async () => {
    data = join(temp.path, 'data')
    const library = await Library.open(data)
    try {
      id = await library.create(
        newDocumentContent(
          { kind: 'case-study', title: 'Feeder lanes' },
          {
            type: 'doc',
            content: [
              { type: 'paragraph', content: [{ type: 'text', text: 'The feeder lanes cost four million.' }] },
              { type: 'paragraph', content: [{ type: 'text', text: 'Unions agreed in May.' }] },
            ],
          },
        ),
      )
      const handle = await library.open(id)
      const positions = new BodyPositions(handle.doc)
      const pm = Node.fromJSON(schema, readBody(handle.doc))
      await handle.close()
      const anchor = (quote: string) => {
        let from = -1
        pm.descendants((node, pos) => {
          if (from < 0 && node.isText && node.text!.includes(quote)) from = pos + node.text!.indexOf(quote)
        })
        return { anchor: positions.anchorOf(from, from + quote.length), quote }
      }
      const at = Date.UTC(2026, 2, 4, 15, 30)
      await library.addComment(id, {
        id: 'a'.repeat(16),
        thread: 'a'.repeat(16),
        by: 'Ana Gómez',
        city: 'Bogotá',
        role: 'member',
        kind: 'comment',
        ...anchor('four million'),
        body: 'Which year?',
        at,
      })
      await library.addComment(id, {
        id: 'b'.repeat(16),
        thread: 'a'.repeat(16),
        by: 'Luis Pérez',
        role: 'member',
        kind: 'reply',
        body: 'Those of 2023.',
        at: at + 1,
      })
      await library.addComment(id, {
        id: 'c'.repeat(16),
        thread: 'c'.repeat(16),
        by: 'Luis Pérez',
        role: 'member',
        kind: 'comment',
        ...anchor('Unions'),
        body: 'Settled.',
        at,
      })
      await library.addComment(id, { id: 'd'.repeat(16), thread: 'c'.repeat(16), by: 'Luis Pérez', role: 'member', kind: 'resolve', at: at + 2 })
    } finally {
      await library.close()
    }
  })

  it('writes the open comments and their replies into the Word file, and none without --comments', async () => {
    const out = join(temp.path, 'commented.docx')
    expectOk(await run('export', id, '--out', out, '--comments'))
    const [comments, documentXml] = await docxParts(await readFile(out), 'word/comments.xml', 'word/document.xml')
    const written = wordComments(comments!)
    expect(written.map(({ author, text }) => ({ author, text }))).toEqual([
      { author: 'Ana Gómez (Bogotá)', text: 'Which year?' },
      { author: 'Luis Pérez', text: 'Those of 2023.' },
    ])
    expect(written.map(({ id }) => wordTextBetween(documentXml!, id))).toEqual(['four million', 'four million'])

    const plain = join(temp.path, 'plain.docx')
    expectOk(await run('export', id, '--format', 'docx', '--out', plain))
    const [plainComments, plainXml] = await docxParts(await readFile(plain), 'word/comments.xml', 'word/document.xml')
    expect(plainComments).not.toContain('<w:comment ')
    expect(plainXml).not.toContain('commentRangeStart')
  })

  it('refuses --comments with any format but Word, naming the problem, and writes nothing', async () => {
    expectUserError(
      await run('export', id, '--format', 'md', '--comments'),
      /--comments puts a document's open comments into a Word file; a Markdown file has no place for them\. Export with --format docx, or leave out --comments\./,
    )
    const out = join(temp.path, 'page.html')
    expectUserError(await run('export', id, '--out', out, '--comments'), /a web page has no place for them/)
    expect(existsSync(out)).toBe(false)
    expect(expectOk(await casebook(['help', 'export']))).toMatch(/--comments\s+a Word file only: its open comments and their replies as Word comments/)
  })
})
