import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import type { JSONContent } from '@tiptap/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChromiumPrinter } from '../../../src/main/export/ChromiumPrinter.js'
import { toPdf } from '../../../src/main/export/toPdf.js'
import { isCasebookError } from '../../../src/shared/errors.js'
import { fromMarkdown } from '../../../src/shared/export/markdown.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { readPdf, savePage } from '../../helpers/pdf.js'

const FIXTURE = new URL('../../fixtures/bogota-bike-lanes.md', import.meta.url)
const STYLESHEET = readFileSync(new URL('../../../assets/export.css', import.meta.url), 'utf8')

const text = (value: string): JSONContent => ({ type: 'text', text: value })
const heading = (value: string): JSONContent => ({ type: 'heading', attrs: { level: 2 }, content: [text(value)] })
const paragraph = (value: string): JSONContent => ({ type: 'paragraph', content: [text(value)] })

/** A case study of three long sections, so that it runs over several pages. */
function longCaseStudy() {
  const filler = (section: string) =>
    Array.from({ length: 14 }, (_, index) =>
      paragraph(`${section}, paragraph ${index + 1}: the corridor carried more riders each month as feeder routes opened.`),
    )
  return newDocumentContent(
    { kind: 'case-study', title: 'Lagos BRT', city: 'Lagos', country: 'Nigeria', authors: ['Amaka Obi', 'Tunde Bello'], topics: ['bus rapid transit'] },
    { type: 'doc', content: ['Summary', 'What was done', 'Results and evidence'].flatMap((section) => [heading(section), ...filler(section)]) },
  )
}

describe('PDF export', () => {
  let printer: ChromiumPrinter
  beforeAll(async () => {
    printer = await ChromiumPrinter.launch()
  })
  afterAll(() => printer?.close())

  async function pdfOf({ meta, body }: ReturnType<typeof newDocumentContent>, paper: 'a4' | 'letter' = 'a4') {
    return toPdf(printer, meta, body, STYLESHEET, paper)
  }

  it('prints a case study: its sections in order, an outline of its headings, each page numbered of the count, tagged, with its title and authors', async () => {
    const pdf = await pdfOf(longCaseStudy())
    const read = await readPdf(pdf)
    expect(read.pages.length).toBeGreaterThanOrEqual(3)
    const all = read.pages.join(' ')
    const at = ['Summary, paragraph 1', 'What was done, paragraph 1', 'Results and evidence, paragraph 1'].map((start) => all.indexOf(start))
    expect(at.every((place) => place >= 0)).toBe(true)
    expect([...at].sort((a, b) => a - b)).toEqual(at)
    expect(read.pages[0]).toMatch(/^Lagos BRT KIND Case study CITY Lagos COUNTRY Nigeria/)
    const footers = read.pages.map((page) => / (Lagos BRT \d+ \/ \d+)$/.exec(page)?.[1])
    expect(footers).toEqual(read.pages.map((_, index) => `Lagos BRT ${index + 1} / ${read.pages.length}`))
    expect(read.outline).toEqual([{ title: 'Lagos BRT', items: ['Summary', 'What was done', 'Results and evidence'].map((title) => ({ title, items: [] })) }])
    expect(read.tagged).toBe(true)
    expect(read.info).toMatchObject({
      Title: 'Lagos BRT',
      Author: 'Amaka Obi, Tunde Bello',
      Subject: 'Case study',
      Keywords: 'bus rapid transit',
      Creator: 'Casebook',
    })
    savePage(pdf, 'lagos-brt')
  })

  it('keeps links working, tables and lists, on the paper asked for, printing one asked for at once after the other', async () => {
    const parsed = fromMarkdown(await readFile(FIXTURE, 'utf8'))
    const document = newDocumentContent(parsed.fields as { title: string; kind: 'case-study' }, parsed.body)
    // Asked for at once: the printer prints them one after the other, each its own.
    const [a4, letter, other] = await Promise.all([pdfOf(document), pdfOf(document, 'letter'), pdfOf(longCaseStudy())])
    expect((await readPdf(other)).info['Title']).toBe('Lagos BRT')
    const read = await readPdf(a4)
    expect(read.links.flat()).toEqual(['https://www.movilidadbogota.gov.co/web/ciclovia'])
    // The title wraps after "bike": Chromium's own outline says "bikelanes".
    expect(read.outline.map(({ title, items }) => [title, items.map((item) => item.title)])).toEqual([
      ["Ciclovías: Bogotá's protected bike lanes", ['Summary', 'What was done', 'Results and evidence', 'Contacts']],
    ])
    expect(read.pages.join(' ')).toMatch(/Year Daily trips Network \(km\) 2016 450,000 390 2023 880,000 594/)
    expect(read.pages.join(' ')).toContain('temporary bollards first')
    expect([read.sizes[0], (await readPdf(letter)).sizes[0]]).toEqual([
      [595, 842],
      [612, 792],
    ])
    savePage(a4, 'bogota-bike-lanes')
  })
})

describe('PDF export without Chromium', () => {
  it('says in one sentence that Chromium is needed, and what to export instead', async () => {
    const given = process.env['CHROMIUM_PATH']
    process.env['CHROMIUM_PATH'] = '/nonexistent/chromium'
    try {
      const error = await ChromiumPrinter.launch().then(
        () => null,
        (thrown: unknown) => thrown,
      )
      expect(isCasebookError(error, 'PDF_UNAVAILABLE') && error.reason).toBe('noChromium')
      expect((error as Error).message).toBe(
        'A PDF is printed by Chromium or Google Chrome, and neither was found: install one (or set CHROMIUM_PATH to it), or export as DOCX or HTML instead.',
      )
    } finally {
      if (given === undefined) delete process.env['CHROMIUM_PATH']
      else process.env['CHROMIUM_PATH'] = given
    }
  })
})
