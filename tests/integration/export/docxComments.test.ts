import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { JSONContent } from '@tiptap/core'
import { Node } from '@tiptap/pm/model'
import mammoth from 'mammoth'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readDocument } from '../../../src/main/export/readDocument.js'
import { toDocx } from '../../../src/main/export/toDocx.js'
import { Library } from '../../../src/main/library/library.js'
import { BodyPositions } from '../../../src/shared/model/commentAnchor.js'
import { BODY_FRAGMENT } from '../../../src/shared/model/document.js'
import { newDocumentContent, readBody } from '../../../src/shared/model/documentBody.js'
import { schema } from '../../../src/shared/model/schema.js'
import type { CommentEvent } from '../../../src/shared/protocol/commentEvents.js'
import { docxParts } from '../../helpers/docxParts.js'
import { wordComments, wordTextBetween } from '../../helpers/wordComments.js'
import { useTempDir } from '../../helpers/tempDir.js'

const text = (value: string, marks?: JSONContent['marks']): JSONContent => ({ type: 'text', text: value, ...(marks && { marks }) })
const para = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content })
const cell = (type: string, value: string): JSONContent => ({ type, content: [para(text(value))] })

const BODY: JSONContent = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [text('Costs')] },
    para(text('The feeder lanes cost four million.')),
    para(
      text('Unions '),
      text('agreed', [{ type: 'bold' }]),
      { type: 'hardBreak' },
      text('in May, after the '),
      text('strike', [{ type: 'link', attrs: { href: 'https://example.org/strike' } }]),
      text('.'),
    ),
    { type: 'horizontalRule' },
    {
      type: 'table',
      content: [
        { type: 'tableRow', content: [cell('tableHeader', 'Year'), cell('tableHeader', 'Daily trips')] },
        { type: 'tableRow', content: [cell('tableCell', '2023'), cell('tableCell', '880,000')] },
      ],
    },
    { type: 'bulletList', content: [{ type: 'listItem', content: [para(text('Feeder routes first'))] }] },
    { type: 'codeBlock', content: [text('fare = 0.50\nfare_peak = 0.75')] },
    para(text('A paragraph that will be deleted.')),
  ],
}

let nextId = 0
/** A fresh event id, 16 hex digits. */
const eventId = () => (++nextId).toString(16).padStart(16, '0')
const AT = Date.UTC(2026, 2, 4, 15, 30)

describe('DOCX export with comments', () => {
  const temp = useTempDir()
  let library: Library
  let id: string

  beforeEach(async () => {
    library = await Library.open(join(temp.path, 'data'))
    id = await library.create(newDocumentContent({ kind: 'case-study', title: 'Feeder lanes', city: 'Quito' }, BODY))
  })
  afterEach(async () => {
    await library.close()
  })

  /** Comments as the app adds them: each anchored on the first occurrence of `quote` (or from `quote` to `through`), in the body as it is now. */
  async function comment(quote: string, fields: Partial<CommentEvent> & { by: string; body: string }, through?: string): Promise<string> {
    const handle = await library.open(id)
    try {
      const pm = Node.fromJSON(schema, readBody(handle.doc))
      const from = rangeOf(pm, quote).from
      const to = rangeOf(pm, through ?? quote).to
      const thread = eventId()
      const event: CommentEvent = {
        id: thread,
        thread,
        role: 'member',
        kind: 'comment',
        anchor: new BodyPositions(handle.doc).anchorOf(from, to),
        quote: pm.textBetween(from, to, '\n', '\n'),
        at: AT,
        ...fields,
      }
      await library.addComment(id, event)
      return event.id
    } finally {
      await handle.close()
    }
  }

  async function reply(thread: string, by: string, body: string, city?: string): Promise<void> {
    await library.addComment(id, { id: eventId(), thread, by, ...(city && { city }), role: 'member', kind: 'reply', body, at: AT + 60_000 })
  }

  async function exported(comments: boolean): Promise<Buffer> {
    const content = await readDocument(library, id, undefined, undefined, { comments })
    return toDocx(content.meta, content.body, content.comments)
  }

  it('writes each open comment, with its replies, as a Word comment around exactly the text it is about', async () => {
    const cost = await comment('four million', { by: 'Ana Gómez', city: 'Bogotá', body: 'Which year’s pesos?\nThe report gives both.' })
    await reply(cost, 'Luis Pérez', 'Those of 2023.')
    await reply(cost, 'Ana Gómez', 'Thanks.', 'Bogotá')
    // Across two paragraphs, starting inside a text node and ending inside a bold one.
    await comment('cost four', { by: 'Mei Chen', city: 'Quito', body: 'Does this hold for the unions too?' }, 'agr')
    await comment('strike', { by: 'Kofi Mensah', body: 'Which strike?' })
    await comment('880,000', { by: 'Ana Gómez', city: 'Bogotá', body: 'Source?' })
    await comment('fare_peak', { by: 'Mei Chen', city: 'Quito', body: 'Peak fares start in June.' })
    await comment('Feeder routes', { by: 'Kofi Mensah', body: 'Which ones?' })
    const resolved = await comment('agreed', { by: 'Kofi Mensah', body: 'A resolved remark.' })
    await library.addComment(id, { id: eventId(), thread: resolved, by: 'Kofi Mensah', role: 'member', kind: 'resolve', at: AT + 120_000 })

    const file = await exported(true)
    saveExport(file, 'docx-comments')
    const [comments, documentXml, extended] = await docxParts(file, 'word/comments.xml', 'word/document.xml', 'word/commentsExtended.xml')
    const written = wordComments(comments!)
    expect(written.map(({ author, text, date }) => ({ author, text, date }))).toEqual([
      { author: 'Ana Gómez (Bogotá)', text: 'Which year’s pesos?\nThe report gives both.', date: '2026-03-04T15:30:00.000Z' },
      { author: 'Luis Pérez', text: 'Those of 2023.', date: '2026-03-04T15:31:00.000Z' },
      { author: 'Ana Gómez (Bogotá)', text: 'Thanks.', date: '2026-03-04T15:31:00.000Z' },
      { author: 'Mei Chen (Quito)', text: 'Does this hold for the unions too?', date: '2026-03-04T15:30:00.000Z' },
      { author: 'Kofi Mensah', text: 'Which strike?', date: '2026-03-04T15:30:00.000Z' },
      { author: 'Ana Gómez (Bogotá)', text: 'Source?', date: '2026-03-04T15:30:00.000Z' },
      { author: 'Mei Chen (Quito)', text: 'Peak fares start in June.', date: '2026-03-04T15:30:00.000Z' },
      { author: 'Kofi Mensah', text: 'Which ones?', date: '2026-03-04T15:30:00.000Z' },
    ])
    expect(comments).not.toContain('A resolved remark')
    const idOf = (text: string) => written.find((entry) => entry.text === text)!.id

    // Each range holds exactly the words commented on; each reply the same words as its comment.
    const between = (text: string) => wordTextBetween(documentXml!, idOf(text))
    expect(between('Which year’s pesos?\nThe report gives both.')).toBe('four million')
    expect(between('Those of 2023.')).toBe('four million')
    expect(between('Thanks.')).toBe('four million')
    expect(between('Does this hold for the unions too?')).toBe('cost four million.\nUnions agr')
    expect(between('Which strike?')).toBe('strike')
    expect(between('Source?')).toBe('880,000')
    expect(between('Peak fares start in June.')).toBe('fare_peak')
    expect(between('Which ones?')).toBe('Feeder routes')
    for (const { id } of written) expect(documentXml).toContain(`<w:commentReference w:id="${id}"/>`)
    // The resolved thread leaves no mark.
    expect(documentXml!.match(/<w:commentRangeStart /g)).toHaveLength(written.length)

    // Replies are replies in Word: each names its comment's paragraph as its parent.
    const paraIdOf = (commentId: number) => new RegExp(`<w:comment w:id="${commentId}"[\\s\\S]*?w14:paraId="([0-9A-F]{8})"`).exec(comments!)![1]
    const parentOf = (commentId: number) =>
      new RegExp(`<w15:commentEx w15:paraId="${paraIdOf(commentId)}"(?: w15:paraIdParent="([0-9A-F]{8})")?`).exec(extended!)?.[1]
    expect(parentOf(idOf('Those of 2023.'))).toBe(paraIdOf(idOf('Which year’s pesos?\nThe report gives both.')))
    expect(parentOf(idOf('Thanks.'))).toBe(paraIdOf(idOf('Which year’s pesos?\nThe report gives both.')))
    expect(parentOf(idOf('Source?'))).toBeUndefined()

    // The text reads as it does without comments: splitting runs at the marks changed none of it.
    const [withComments, without] = await Promise.all([mammoth.extractRawText({ buffer: file }), mammoth.extractRawText({ buffer: await exported(false) })])
    expect(withComments.value).toBe(without.value)
    const { value: html } = await mammoth.convertToHtml({ buffer: file })
    expect(html).toContain('<a href="https://example.org/strike">strike</a>')
    expect(html).toContain('<strong>agreed</strong>')
  })

  it('puts a comment whose text was deleted at the start of the title, quoting the text, and leaves out one on text not here yet', async () => {
    await comment('A paragraph that will be deleted.', { by: 'Luis Pérez', body: 'Cut this?' })
    // Written on a device whose edit has not reached this one.
    const elsewhere = new Y.Doc()
    const handle = await library.open(id)
    try {
      Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(handle.doc))
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText('Written elsewhere.')])
      elsewhere.getXmlFragment(BODY_FRAGMENT).push([paragraph])
      const range = rangeOf(Node.fromJSON(schema, readBody(elsewhere)), 'Written elsewhere.')
      const waiting = eventId()
      const anchor = new BodyPositions(elsewhere).anchorOf(range.from, range.to)
      await library.addComment(id, {
        id: waiting,
        thread: waiting,
        by: 'Mei Chen',
        role: 'member',
        kind: 'comment',
        anchor,
        quote: 'Written elsewhere.',
        body: 'Not here yet.',
        at: AT,
      })
      // Deletes the last paragraph, all the first comment's text.
      const body = handle.doc.getXmlFragment(BODY_FRAGMENT)
      body.delete(body.length - 1, 1)
      await handle.flushed()
    } finally {
      await handle.close()
      elsewhere.destroy()
    }

    const file = await exported(true)
    const [comments, documentXml] = await docxParts(file, 'word/comments.xml', 'word/document.xml')
    expect(wordComments(comments!).map(({ author, text }) => ({ author, text }))).toEqual([
      { author: 'Luis Pérez', text: 'On deleted text “A paragraph that will be deleted.”: Cut this?' },
    ])
    const title = /<w:p>(?:(?!<\/w:p>)[\s\S])*?<w:pStyle w:val="Title"\/>[\s\S]*?<\/w:p>/.exec(documentXml!)![0]
    expect(title).toMatch(
      /^<w:p><w:pPr><w:pStyle w:val="Title"\/><\/w:pPr><w:commentRangeStart w:id="0"\/><w:commentRangeEnd w:id="0"\/><w:r><w:commentReference w:id="0"\/><\/w:r><w:r><w:t xml:space="preserve">Feeder lanes<\/w:t>/,
    )
    expect(documentXml!.match(/<w:commentRangeStart /g)).toHaveLength(1)
  })

  it('writes no comments without being asked, and none where all are resolved', async () => {
    const thread = await comment('four million', { by: 'Ana Gómez', body: 'Which year?' })
    const [comments, documentXml, extended] = await docxParts(await exported(false), 'word/comments.xml', 'word/document.xml', 'word/commentsExtended.xml')
    // The docx package writes a comments part in every file; without the option it holds none.
    expect(comments).not.toContain('<w:comment ')
    expect(documentXml).not.toMatch(/commentRange|commentReference/)
    expect(extended).toBeNull()

    await library.addComment(id, { id: eventId(), thread, by: 'Ana Gómez', role: 'member', kind: 'resolve', at: AT + 1 })
    const [resolvedComments, resolvedXml] = await docxParts(await exported(true), 'word/comments.xml', 'word/document.xml')
    expect(resolvedComments).not.toContain('<w:comment ')
    expect(resolvedXml).not.toMatch(/commentRange|commentReference/)
  })
})

function rangeOf(doc: Node, text: string): { from: number; to: number } {
  let found: { from: number; to: number } | null = null
  doc.descendants((node, pos) => {
    const at = node.isText ? node.text!.indexOf(text) : -1
    if (!found && at >= 0) found = { from: pos + at, to: pos + at + text.length }
  })
  if (!found) throw new Error(`"${text}" is not in the body`)
  return found
}

/** Keeps the file under test-results/exports/, for a person to open in Word. */
function saveExport(file: Uint8Array, name: string): void {
  const folder = join(import.meta.dirname, '../../../test-results/exports')
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, `${name}.docx`), file)
}
