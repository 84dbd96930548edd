import type { JSONContent } from '@tiptap/core'
import mammoth from 'mammoth'
import { describe, expect, it } from 'vitest'
import { reportToDocx } from '../../../src/main/export/reportToDocx.js'
import type { Report } from '../../../src/shared/export/report.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { docxParts, styledParagraphs } from '../../helpers/docxParts.js'

const text = (value: string): JSONContent => ({ type: 'text', text: value })
const para = (value: string): JSONContent => ({ type: 'paragraph', content: [text(value)] })
const numbered = (...items: string[]): JSONContent => ({
  type: 'orderedList',
  attrs: { start: 1 },
  content: items.map((item) => ({ type: 'listItem', content: [para(item)] })),
})

function chapter(title: string, city: string) {
  return newDocumentContent(
    { kind: 'case-study', title, city, authors: [`Author of ${city}`], topics: ['transit', city.toLowerCase()] },
    {
      type: 'doc',
      content: [{ type: 'heading', attrs: { level: 2 }, content: [text('Summary')] }, para(`${city} in brief.`), numbered('First step', 'Second step')],
    },
  )
}

const REPORT: Report = {
  title: 'Bus rapid transit in 2026',
  network: 'brt',
  compiledAt: '2026-11-27T10:00:00.000Z',
  standings: [{ network: 'brt', asOf: null, unsaved: ['Quito Metro', 'Bogotá TransMilenio'] }],
  chapters: [chapter('Lagos BRT', 'Lagos'), chapter('Quito Metro', 'Quito'), chapter('Bogotá TransMilenio', 'Bogotá')],
}

describe('a report as a Word file', () => {
  it('opens with a cover, then contents linking to a bookmark on each chapter’s title', async () => {
    const [document] = await docxParts(await reportToDocx(REPORT), 'word/document.xml')
    // Less the empty paragraphs that hold each section's properties.
    const paragraphs = styledParagraphs(document ?? '').filter(({ style, text }) => style || text)
    expect(paragraphs.slice(0, 12)).toEqual([
      { style: 'CoverNetwork', text: 'brt' },
      { style: 'Title', text: 'Bus rapid transit in 2026' },
      { style: 'CoverDate', text: '27 November 2026' },
      { style: 'CoverStanding', text: 'This device has no record of a sync with brt: what the network holds may differ.' },
      { style: 'CoverStanding', text: 'Not yet saved on brt:' },
      { style: 'ListParagraph', text: 'Quito Metro' },
      { style: 'ListParagraph', text: 'Bogotá TransMilenio' },
      { style: 'Heading3', text: 'Cities' },
      { style: 'ListParagraph', text: 'Bogotá' },
      { style: 'ListParagraph', text: 'Lagos' },
      { style: 'ListParagraph', text: 'Quito' },
      { style: 'Heading1', text: 'Contents' },
    ])
    const links = [...(document ?? '').matchAll(/<w:hyperlink [^>]*w:anchor="([^"]+)"[^>]*>[\s\S]*?<w:t[^>]*>([^<]*)<\/w:t>/g)].map(([, anchor, title]) => [
      anchor,
      title,
    ])
    expect(links).toEqual([
      ['chapter_1', 'Lagos BRT'],
      ['chapter_2', 'Quito Metro'],
      ['chapter_3', 'Bogotá TransMilenio'],
    ])
    const bookmarks = [
      ...(document ?? '').matchAll(/<w:bookmarkStart w:name="([^"]+)" w:id="(\d+)"\/>[\s\S]*?<w:t[^>]*>([^<]*)<\/w:t>[\s\S]*?<w:bookmarkEnd w:id="(\d+)"\/>/g),
    ]
    expect(bookmarks.map(([, name, , title]) => [name, title])).toEqual(links)
    // Each bookmark has an id of its own, which its end repeats.
    expect(bookmarks.map(([, , id, , end]) => [id, end])).toEqual([
      ['1', '1'],
      ['2', '2'],
      ['3', '3'],
    ])
    expect(paragraphs.filter(({ style }) => style?.startsWith('Heading1')).map(({ text }) => text)).toEqual([
      'Contents',
      'Lagos BRT',
      'Quito Metro',
      'Bogotá TransMilenio',
    ])
  })

  it('gives each chapter a section of its own, from a new page, under a running header of the report’s and the chapter’s titles', async () => {
    const bytes = await reportToDocx(REPORT)
    const [document] = await docxParts(bytes, 'word/document.xml')
    const sections = [...(document ?? '').matchAll(/<w:sectPr\b[\s\S]*?<\/w:sectPr>/g)].map(([xml]) => xml)
    // The cover, the contents, and the three chapters; each after the cover begins on a new page.
    expect(sections).toHaveLength(5)
    expect(sections.slice(1).every((xml) => xml.includes('<w:type w:val="nextPage"/>'))).toBe(true)
    const headerIds = sections.slice(2).map((xml) => /<w:headerReference w:type="default" r:id="([^"]+)"\/>/.exec(xml)?.[1])
    const [relationships] = await docxParts(bytes, 'word/_rels/document.xml.rels')
    const headerFiles = headerIds.map((id) => new RegExp(`Id="${id}" Type="[^"]+/header" Target="([^"]+)"`).exec(relationships ?? '')?.[1])
    const headers = await docxParts(bytes, ...headerFiles.map((file) => `word/${file}`))
    expect(headers.map((xml) => styledParagraphs(xml ?? ''))).toEqual(
      ['Lagos BRT', 'Quito Metro', 'Bogotá TransMilenio'].map((title) => [{ style: 'Header', text: `Bus rapid transit in 2026\t${title}` }]),
    )
  })

  it('keeps each chapter’s details and body, each numbered list counting from 1, and names all authors and topics in its properties', async () => {
    const bytes = await reportToDocx(REPORT)
    const { value: html } = await mammoth.convertToHtml({ buffer: bytes })
    expect(html).toContain(
      '<h1><a id="chapter_2"></a>Quito Metro</h1><table><tr><td><p>Kind</p></td><td><p>Case study</p></td></tr><tr><td><p>City</p></td><td><p>Quito</p></td></tr>',
    )
    expect(html).toContain('<h2>Summary</h2><p>Quito in brief.</p><ol><li>First step</li><li>Second step</li></ol>')
    const [numbering, core] = await docxParts(bytes, 'word/numbering.xml', 'docProps/core.xml')
    const starts = [
      ...(numbering ?? '').matchAll(/<w:abstractNum [\s\S]*?<w:lvl w:ilvl="0"[\s\S]*?<w:start w:val="(\d+)"\/>[\s\S]*?<w:numFmt w:val="(\w+)"\/>/g),
    ]
    expect(starts.filter(([, , format]) => format === 'decimal').map(([, start]) => start)).toEqual(['1', '1', '1'])
    expect(core).toContain('<dc:creator>Author of Lagos; Author of Quito; Author of Bogotá</dc:creator>')
    expect(core).toContain('<cp:keywords>transit; lagos; quito; bogotá</cp:keywords>')
    expect(core).toContain('<dc:subject>Report</dc:subject>')
  })
})
