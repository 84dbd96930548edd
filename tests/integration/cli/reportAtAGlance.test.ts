import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import mammoth from 'mammoth'
import { beforeEach, describe, expect, it } from 'vitest'
import { casebook } from '../../helpers/cli.js'
import { expectUserError } from '../../helpers/expectUserError.js'
import { readPdf, savePage } from '../../helpers/pdf.js'
import { writeStatsLibrary } from '../../helpers/statsLibrary.js'
import { useTempDir } from '../../helpers/tempDir.js'

/**
 * `casebook report --at-a-glance`: the report opens with the network's figures, as `casebook stats`
 * counts them on the same library (statsCommand.test.ts), and two of its dashboard's charts drawn in
 * Node: in a PDF as SVG, whose labels are the page's text; in a Word file as their tables.
 */
describe('casebook report --at-a-glance', () => {
  const temp = useTempDir()
  let data: string
  const run = (...args: string[]) => casebook([...args, '--data', data], { cwd: temp.path })

  beforeEach(async () => {
    data = join(temp.path, 'data')
    await writeStatsLibrary(data)
  })

  it("opens a PDF with a page of the network's totals and its charts, drawn with their labels, and numbers the contents after it", async () => {
    const out = join(temp.path, 'brt.pdf')
    const result = await run('report', '--network', 'brt', '--title', 'BRT in 2026', '--at-a-glance', 'brt', '--out', out)
    expect(result).toMatchObject({ code: 0, stderr: '', stdout: `Wrote a report of 3 documents to ${out}.\n` })
    const bytes = await readFile(out)
    const pdf = await readPdf(bytes)
    expect(pdf.pages).toHaveLength(6)
    expect(pdf.pages[0]).toBe(
      [
        'BRT Network at a glance 3 documents from 2 cities; 1 published; 2 adaptations.',
        // Its axis (0 to 2 documents), the months from the first thing recorded to the last, May's zeros too, and its key.
        'Documents per month 0 1 2 Jan 2026 Feb 2026 Mar 2026 Apr 2026 May 2026 Jun 2026 ● Created ■ Submitted ▲ Published',
        // Every status, the catalog's: Lagos BRT published, the others drafts.
        'Documents by status Draft Submitted In review Published Archived 0 1 2 Documents → 2 0 0 1 0',
        'BRT in 2026 1 / 6',
      ].join(' '),
    )
    expect(pdf.pages[1]).toMatch(/^BRT BRT in 2026 /)
    expect(pdf.pages[2]).toBe('Contents Lagos BRT 4 Network call 5 Quito cable car 6 BRT in 2026 3 / 6')
    expect(pdf.pages[3]).toMatch(/^Lagos BRT KIND Case study /)
    expect(pdf.outline.map(({ title }) => title)).toEqual(['Network at a glance', 'BRT in 2026', 'Lagos BRT', 'Network call', 'Quito cable car'])
    savePage(bytes, 'cli-report-at-a-glance', 1)
  })

  it("gives a Word file the charts' tables, under their titles, before the cover", async () => {
    const out = join(temp.path, 'brt.docx')
    const result = await run('report', '--network', 'brt', '--title', 'BRT in 2026', '--at-a-glance', 'brt', '--out', out)
    expect(result).toMatchObject({ code: 0, stderr: '' })
    const { value: html } = await mammoth.convertToHtml({ buffer: await readFile(out) })
    const table = (headers: string[], rows: string[][]) =>
      `<table><thead><tr>${headers.map((header) => `<th><p><strong>${header}</strong></p></th>`).join('')}</tr></thead><tbody>${rows
        .map((row) => `<tr>${row.map((cell) => `<td><p>${cell}</p></td>`).join('')}</tr>`)
        .join('')}</tbody></table>`
    expect(html.slice(0, html.indexOf('<p>BRT in 2026</p>'))).toBe(
      [
        '<p>brt</p><h1>Network at a glance</h1><p>3 documents from 2 cities; 1 published; 2 adaptations.</p>',
        '<h2>Documents per month</h2>',
        table(
          ['Month', 'Created', 'Submitted', 'Published'],
          [
            ['2026-01', '2', '0', '0'],
            ['2026-02', '0', '1', '1'],
            ['2026-03', '0', '0', '0'],
            ['2026-04', '1', '0', '0'],
            ['2026-05', '0', '0', '0'],
            ['2026-06', '0', '0', '0'],
          ],
        ),
        '<h2>Documents by status</h2>',
        table(
          ['Status', 'Documents'],
          [
            ['Draft', '2'],
            ['Submitted', '0'],
            ['In review', '0'],
            ['Published', '1'],
            ['Archived', '0'],
          ],
        ),
        // The cover's network.
        '<p>brt</p>',
      ].join(''),
    )
  })

  it('refuses a network id that cannot be one, and a network this device never synced, writing nothing', async () => {
    const out = join(temp.path, 'r.pdf')
    const bad = await run('report', '--network', 'brt', '--title', 'T', '--at-a-glance', 'BRT!', '--out', out)
    expect(bad.code).toBe(2)
    expectUserError(bad, /--at-a-glance must be a network id made of lowercase letters, digits and dashes, not "BRT!"\./)
    expectUserError(
      await run('report', '--network', 'brt', '--title', 'T', '--at-a-glance', 'lima-net', '--out', out),
      /^casebook: This device has never synced network lima-net: it holds neither its catalog nor any of its documents\./,
    )
    expect(existsSync(out)).toBe(false)
  })
})
