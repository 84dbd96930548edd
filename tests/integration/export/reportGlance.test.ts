import { readFileSync } from 'node:fs'
import mammoth from 'mammoth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChromiumPrinter } from '../../../src/main/export/ChromiumPrinter.js'
import { reportToDocx } from '../../../src/main/export/reportToDocx.js'
import { reportToPdf } from '../../../src/main/export/reportToPdf.js'
import type { Report } from '../../../src/shared/export/report.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { readPdf } from '../../helpers/pdf.js'

const STYLESHEET = readFileSync(new URL('../../../assets/export.css', import.meta.url), 'utf8')

/** A chart as SVG whose labels are text, as Observable Plot draws them. */
const svg = (labels: string[]) =>
  `<svg width="640" height="200" viewBox="0 0 640 200" role="img">${labels.map((label, index) => `<text x="${40 + index * 120}" y="180">${label}</text>`).join('')}<rect x="40" y="20" width="80" height="140" fill="currentColor"></rect></svg>`

/**
 * A report opened by a network at a glance, laid out: the page first, before the cover, the contents
 * still numbered right; in Word, each chart's table. Its charts here are given; casebook report
 * --at-a-glance draws the network's own (tests/integration/cli/reportAtAGlance.test.ts).
 */
const report: Report = {
  title: 'BRT in 2026',
  network: 'brt',
  compiledAt: '2026-11-27T10:00:00.000Z',
  standings: [],
  glance: {
    network: 'brt',
    summary: '3 documents from 2 cities; 1 published; 1 adaptation.',
    charts: [
      {
        title: 'Documents per month',
        svg: svg(['Jan 2026', 'Feb 2026']),
        table: {
          headers: ['Month', 'Created', 'Published'],
          rows: [
            ['2026-01', '2', '0'],
            ['2026-02', '0', '1'],
          ],
        },
      },
      { title: 'Documents by city', svg: svg(['Lagos', 'Quito']), table: { headers: ['City', 'Documents'], rows: [['Lagos', '2']] } },
    ],
  },
  chapters: [
    newDocumentContent({ kind: 'case-study', title: 'Lagos BRT', city: 'Lagos', network: 'brt' }),
    newDocumentContent({ kind: 'case-study', title: 'Quito cable car', city: 'Quito', network: 'brt' }),
  ],
}

describe('a report opened by a network at a glance', () => {
  let printer: ChromiumPrinter
  beforeAll(async () => {
    printer = await ChromiumPrinter.launch()
  })
  afterAll(() => printer?.close())

  it('prints the page first, its charts as drawn, then the cover, and numbers the contents as the chapters fall', async () => {
    const pdf = await readPdf(await reportToPdf(printer, report, STYLESHEET, 'a4'))
    const count = pdf.pages.length
    expect(pdf.pages[0]).toBe(
      // The network's name is in capitals, as on the cover (a style).
      `BRT Network at a glance 3 documents from 2 cities; 1 published; 1 adaptation. Documents per month Jan 2026 Feb 2026 Documents by city Lagos Quito BRT in 2026 1 / ${count}`,
    )
    expect(pdf.pages[1]).toMatch(/^BRT BRT in 2026 27 November 2026 /)
    const opening = (title: string) => pdf.pages.findIndex((page) => page.startsWith(`${title} KIND Case study`)) + 1
    expect(pdf.pages[2]).toBe(`Contents Lagos BRT ${opening('Lagos BRT')} Quito cable car ${opening('Quito cable car')} BRT in 2026 3 / ${count}`)
    expect(opening('Lagos BRT')).toBe(4)
    expect(pdf.outline.map(({ title }) => title)).toEqual(['Network at a glance', 'BRT in 2026', 'Lagos BRT', 'Quito cable car'])
  })

  it('gives each chart in a Word file as its table, under its title, before the cover', async () => {
    const { value: html } = await mammoth.convertToHtml({ buffer: await reportToDocx(report) })
    const glance = html.slice(0, html.indexOf('BRT in 2026'))
    expect(glance).toContain('<h1>Network at a glance</h1><p>3 documents from 2 cities; 1 published; 1 adaptation.</p>')
    const cells = (row: string[], tag: 'th' | 'td') => row.map((cell) => `<${tag}><p>${tag === 'th' ? `<strong>${cell}</strong>` : cell}</p></${tag}>`).join('')
    expect(glance).toContain(
      `<h2>Documents per month</h2><table><thead><tr>${cells(['Month', 'Created', 'Published'], 'th')}</tr></thead><tbody><tr>${cells(['2026-01', '2', '0'], 'td')}</tr><tr>${cells(['2026-02', '0', '1'], 'td')}</tr></tbody></table>`,
    )
    expect(glance).toContain(
      `<h2>Documents by city</h2><table><thead><tr>${cells(['City', 'Documents'], 'th')}</tr></thead><tbody><tr>${cells(['Lagos', '2'], 'td')}</tr></tbody></table>`,
    )
  })
})
