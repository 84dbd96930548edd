import { readFile } from 'node:fs/promises'
import type { JSONContent } from '@tiptap/core'
import mammoth from 'mammoth'
import { describe, expect, it } from 'vitest'
import { toDocx } from '../../../src/main/export/toDocx.js'
import { fromMarkdown } from '../../../src/shared/export/markdown.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { docxParts, styledParagraphs } from '../../helpers/docxParts.js'

const FIXTURE = new URL('../../fixtures/bogota-bike-lanes.md', import.meta.url)

const text = (value: string, marks?: JSONContent['marks']): JSONContent => ({ type: 'text', text: value, ...(marks && { marks }) })
const para = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content })
const item = (value: string, ...nested: JSONContent[]): JSONContent => ({ type: 'listItem', content: [para(text(value)), ...nested] })

async function bogota() {
  const parsed = fromMarkdown(await readFile(FIXTURE, 'utf8'))
  const { meta, body } = newDocumentContent(
    {
      ...(parsed.fields as { title: string; kind: 'case-study' }),
      country: 'Colombia',
      authors: ['Ana Gómez', 'Luis Pérez'],
      updatedAt: '2026-03-04T23:30:00Z',
    },
    parsed.body,
  )
  return { meta: { ...meta, updatedAt: '2026-03-04T23:30:00Z' }, body }
}

describe('DOCX export', () => {
  it('puts the title in Word’s Title style and each section heading in its Heading style, in order', async () => {
    const { meta, body } = await bogota()
    const [document] = await docxParts(await toDocx(meta, body), 'word/document.xml')
    const paragraphs = styledParagraphs(document!)
    expect(paragraphs[0]).toEqual({ style: 'Title', text: "Ciclovías: Bogotá's protected bike lanes" })
    expect(paragraphs.filter((p) => p.style?.startsWith('Heading'))).toEqual([
      { style: 'Heading2', text: 'Summary' },
      { style: 'Heading2', text: 'What was done' },
      { style: 'Heading2', text: 'Results and evidence' },
      { style: 'Heading2', text: 'Contacts' },
    ])
  })

  it('opens with a table of the document’s details, and names its title, authors and topics in the file’s properties', async () => {
    const { meta, body } = await bogota()
    const file = await toDocx(meta, body)
    const [document, core, custom] = await docxParts(file, 'word/document.xml', 'docProps/core.xml', 'docProps/custom.xml')
    const details = document!.slice(document!.indexOf('<w:tbl>'), document!.indexOf('</w:tbl>'))
    const cells = styledParagraphs(details)
    expect(cells.filter((_, index) => index % 2 === 0).every((cell) => cell.style === 'DetailLabel')).toBe(true)
    expect(cells.filter((_, index) => index % 2 === 1).every((cell) => cell.style === 'DetailValue')).toBe(true)
    const pairs = cells.flatMap((cell, index) => (index % 2 === 0 ? [[cell.text, cells[index + 1]?.text]] : []))
    expect(pairs).toEqual([
      ['Kind', 'Case study'],
      ['City', 'Bogotá'],
      ['Country', 'Colombia'],
      ['Network', 'brt-network'],
      ['Authors', 'Ana Gómez, Luis Pérez'],
      ['Topics', 'cycling, street design'],
      ['Status', 'Draft'],
      // In UTC: the same date on every machine.
      ['Updated', '4 March 2026'],
    ])
    expect(core).toContain('<dc:title>Ciclovías: Bogotá&apos;s protected bike lanes</dc:title>')
    expect(core).toContain('<dc:creator>Ana Gómez; Luis Pérez</dc:creator>')
    expect(core).toContain('<cp:keywords>cycling; street design</cp:keywords>')
    expect(custom).toMatch(/name="casebook:city"><vt:lpwstr>Bogotá<\/vt:lpwstr>/)
    expect(custom).toMatch(/name="casebook:kind"><vt:lpwstr>case-study<\/vt:lpwstr>/)
  })

  it('names no creator for a document without authors (not the package\'s placeholder, "Un-named")', async () => {
    const { meta, body } = newDocumentContent({ kind: 'case-study', title: 'No one' })
    const [core] = await docxParts(await toDocx(meta, body), 'docProps/core.xml')
    expect(core).not.toContain('dc:creator')
    expect(core).not.toContain('Un-named')
  })

  it('gives each numbered list its own numbering, so that each counts from its own start', async () => {
    const body: JSONContent = {
      type: 'doc',
      content: [
        { type: 'orderedList', attrs: { start: 1 }, content: [item('one'), item('two', { type: 'orderedList', content: [item('two a')] })] },
        para(text('Between the lists.')),
        { type: 'orderedList', attrs: { start: 1 }, content: [item('again one')] },
        { type: 'orderedList', attrs: { start: 5 }, content: [item('five')] },
        { type: 'bulletList', content: [item('dot', { type: 'bulletList', content: [item('inner dot')] })] },
      ],
    }
    const { meta } = newDocumentContent({ kind: 'case-study', title: 'Lists' })
    const [document, numberingXml] = await docxParts(await toDocx(meta, body), 'word/document.xml', 'word/numbering.xml')
    const listed = [...document!.matchAll(/<w:ilvl w:val="(\d)"\/><w:numId w:val="(\d+)"\/>[\s\S]*?<w:t xml:space="preserve">([^<]*)</g)].map(
      ([, level, numId, value]) => ({ level: Number(level), numId: Number(numId), value }),
    )
    expect(listed.map((entry) => `${entry.value}@${entry.level}`)).toEqual(['one@0', 'two@0', 'two a@1', 'again one@0', 'five@0', 'dot@0', 'inner dot@1'])
    const numIdOf = (value: string) => listed.find((entry) => entry.value === value)!.numId
    // The nested list counts on its parent's definition; the later lists each have another.
    expect(numIdOf('two a')).toBe(numIdOf('one'))
    expect(new Set([numIdOf('one'), numIdOf('again one'), numIdOf('five'), numIdOf('dot')]).size).toBe(4)
    expect(numIdOf('inner dot')).toBe(numIdOf('dot'))
    const abstractOf = (numId: number) => new RegExp(`<w:num w:numId="${numId}"><w:abstractNumId w:val="(\\d+)"/>`).exec(numberingXml!)![1]
    const firstLevel = (numId: number) => {
      const abstract = numberingXml!.slice(numberingXml!.indexOf(`w:abstractNumId="${abstractOf(numId)}"`))
      return { start: /<w:start w:val="(\d+)"\/>/.exec(abstract)![1], format: /<w:numFmt w:val="(\w+)"\/>/.exec(abstract)![1] }
    }
    expect(firstLevel(numIdOf('one'))).toEqual({ start: '1', format: 'decimal' })
    expect(firstLevel(numIdOf('again one'))).toEqual({ start: '1', format: 'decimal' })
    expect(firstLevel(numIdOf('five'))).toEqual({ start: '5', format: 'decimal' })
    expect(firstLevel(numIdOf('dot'))).toEqual({ start: '1', format: 'bullet' })
    // Read back, nesting is kept (mammoth joins the two adjacent lists into one: it does not tell numberings apart).
    const { value: html } = await mammoth.convertToHtml({ buffer: await toDocx(meta, body) })
    expect(html).toContain('<ol><li>one</li><li>two<ol><li>two a</li></ol></li></ol><p>Between the lists.</p><ol><li>again one</li>')
    expect(html).toContain('<ul><li>dot<ul><li>inner dot</li></ul></li></ul>')
  })

  it('writes tables with their header row bold and repeated, links as hyperlinks, tasks as boxes, quotes and code in their styles', async () => {
    const { meta, body } = await bogota()
    const file = await toDocx(meta, body)
    const [document, rels] = await docxParts(file, 'word/document.xml', 'word/_rels/document.xml.rels')
    const { value: html } = await mammoth.convertToHtml({ buffer: file })
    expect(html).toContain(
      '<table><thead><tr><th><p><strong>Year</strong></p></th><th><p><strong>Daily trips</strong></p></th><th><p><strong>Network (km)</strong></p></th></tr></thead>' +
        '<tbody><tr><td><p>2016</p></td><td><p>450,000</p></td><td><p>390</p></td></tr><tr><td><p>2023</p></td><td><p>880,000</p></td><td><p>594</p></td></tr></tbody></table>',
    )
    expect(document).toMatch(/<w:trPr><w:tblHeader\/><\/w:trPr>/)
    expect(html).toContain('See the <a href="https://www.movilidadbogota.gov.co/web/ciclovia">city\'s cycling strategy</a> for details.')
    expect(rels).toMatch(/Target="https:\/\/www\.movilidadbogota\.gov\.co\/web\/ciclovia" TargetMode="External"/)
    const paragraphs = styledParagraphs(document!)
    expect(paragraphs.filter((p) => /^[☐☑]/.test(p.text)).map((p) => p.text)).toEqual(['☑\tPilot corridors', '☐\tFull network'])
    expect(paragraphs.find((p) => p.style === 'Quote')?.text).toBe('Cycling is now the fastest way to cross the city centre at rush hour.')
    expect(document).toMatch(/<w:rStyle w:val="CodeChar"\/><\/w:rPr><w:t xml:space="preserve">mobility@example\.org<\/w:t>/)
  })

  it('writes only the run properties that are true, never one set false that would override the style', async () => {
    const { meta, body } = await bogota()
    const [document] = await docxParts(await toDocx(meta, body), 'word/document.xml')
    expect(document).toMatch(/<w:b\/>/)
    expect(document).toMatch(/<w:i\/>/)
    expect(document).not.toMatch(/<w:(b|bCs|i|iCs|strike|u)\b[^>]*w:val="(false|0|none)"/)
  })

  it('keeps a link it may not open as its text, and a code block line by line', async () => {
    const { meta } = newDocumentContent({ kind: 'case-study', title: 'Links' })
    const body: JSONContent = {
      type: 'doc',
      content: [
        para(
          text('run me', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }]),
          text(' and '),
          text('mail', [{ type: 'link', attrs: { href: 'mailto:a@example.org' } }]),
        ),
        { type: 'codeBlock', content: [text('line one\nline two')] },
      ],
    }
    const file = await toDocx(meta, body)
    const [document, rels] = await docxParts(file, 'word/document.xml', 'word/_rels/document.xml.rels')
    expect(rels).not.toContain('javascript:')
    expect(rels).toContain('Target="mailto:a@example.org"')
    expect(styledParagraphs(document!).find((p) => p.text.startsWith('run me'))?.text).toBe('run me and mail')
    expect(document).toMatch(
      /<w:pStyle w:val="CodeBlock"\/><\/w:pPr><w:r><w:t xml:space="preserve">line one<\/w:t><\/w:r><w:r><w:br\/><w:t xml:space="preserve">line two<\/w:t>/,
    )
  })
})
