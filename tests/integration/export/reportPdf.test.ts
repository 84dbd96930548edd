import { readFileSync } from 'node:fs'
import type { JSONContent } from '@tiptap/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChromiumPrinter } from '../../../src/main/export/ChromiumPrinter.js'
import { reportToPdf } from '../../../src/main/export/reportToPdf.js'
import type { Report } from '../../../src/shared/export/report.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { readPdf, savePage } from '../../helpers/pdf.js'

const STYLESHEET = readFileSync(new URL('../../../assets/export.css', import.meta.url), 'utf8')

const text = (value: string): JSONContent => ({ type: 'text', text: value })
const heading = (value: string, level = 2): JSONContent => ({ type: 'heading', attrs: { level }, content: [text(value)] })
const paragraph = (value: string): JSONContent => ({ type: 'paragraph', content: [text(value)] })

/** A case study of `sections` sections of twelve paragraphs each (about a page per section), their headings at `level`. */
function caseStudy(title: string, city: string, sections: number, level = 2) {
  const body = Array.from({ length: sections }, (_, section) => [
    heading(`${city} section ${section + 1}`, level),
    ...Array.from({ length: 12 }, (_, index) =>
      paragraph(`${city}, section ${section + 1}, paragraph ${index + 1}: ridership grew as the feeder routes opened, month after month.`),
    ),
  ]).flat()
  return newDocumentContent({ kind: 'case-study', title, city, authors: [`Author of ${city}`], topics: ['transit'] }, { type: 'doc', content: body })
}

describe('a report as a PDF', () => {
  let printer: ChromiumPrinter
  beforeAll(async () => {
    printer = await ChromiumPrinter.launch()
  })
  afterAll(() => printer?.close())

  it('has a cover, a contents page listing three chapters with the pages they open on, and each chapter from a new page', async () => {
    const report: Report = {
      title: 'Bus rapid transit in 2026',
      network: 'brt',
      compiledAt: '2026-11-27T10:00:00.000Z',
      standings: [{ network: 'brt', asOf: '2026-11-26T16:45:00.000Z', unsaved: ['Quito Metro'] }],
      // Quito's body has a level-1 heading, which the report puts under its chapter's title.
      chapters: [caseStudy('Lagos BRT', 'Lagos', 2), caseStudy('Quito Metro', 'Quito', 1, 1), caseStudy('Bogotá TransMilenio', 'Bogotá', 1)],
    }
    const bytes = await reportToPdf(printer, report, STYLESHEET, 'a4')
    const pdf = await readPdf(bytes)
    const opening = (title: string) => pdf.pages.findIndex((page) => page.startsWith(`${title} KIND Case study`)) + 1
    const pages = ['Lagos BRT', 'Quito Metro', 'Bogotá TransMilenio'].map(opening)
    // Lagos's two sections run over two pages or more; each chapter starts a page after the last one's.
    expect(pages[0]).toBe(3)
    expect(pages[1]).toBeGreaterThan(4)
    expect(pages[2]).toBeGreaterThan(pages[1] ?? 0)
    expect(pdf.pages[0]).toMatch(
      /^BRT Bus rapid transit in 2026 27 November 2026 As of this device's last sync with brt: 26 November 2026 at 16:45 UTC\. Not yet saved on brt: Quito Metro Cities Bogotá Lagos Quito Bus rapid transit in 2026 1 \/ \d+$/,
    )
    expect(pdf.pages[1]).toBe(
      `Contents Lagos BRT ${pages[0]} Quito Metro ${pages[1]} Bogotá TransMilenio ${pages[2]} Bus rapid transit in 2026 2 / ${pdf.pages.length}`,
    )
    // The contents link to the chapters, within the file: no address to open.
    expect(pdf.links[1]).toEqual([])
    expect(pdf.internalLinks[1]).toEqual([pages[0], pages[1], pages[2]])
    expect(pdf.outline.map(({ title }) => title)).toEqual(['Bus rapid transit in 2026', 'Lagos BRT', 'Quito Metro', 'Bogotá TransMilenio'])
    expect(pdf.outline[1]?.items.map(({ title }) => title)).toEqual(['Lagos section 1', 'Lagos section 2'])
    expect(pdf.outline[2]?.items.map(({ title }) => title)).toEqual(['Quito section 1'])
    expect(pdf.info).toMatchObject({ Title: 'Bus rapid transit in 2026', Author: 'Author of Lagos, Author of Quito, Author of Bogotá', Subject: 'Report' })
    expect(pdf.tagged).toBe(true)
    savePage(bytes, 'report-cover', 1)
    savePage(bytes, 'report-contents', 2)
    savePage(bytes, 'report-chapter', 3)
  })
})
