import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Download, Page } from '@playwright/test'
import mammoth from 'mammoth'
import { docxParts, styledParagraphs } from '../helpers/docxParts.js'
import { readPdf, savePage } from '../helpers/pdf.js'
import { expect, test } from './support/processes.js'

test.use({ viewport: { width: 1280, height: 800 } })

const QUITO = `---
title: Quito's Metro and the BRT
city: Quito
country: Ecuador
authors: [Ana Vera, Luis Paz]
topics: [transit]
---

## Summary

The metro opened in *2023*; see [the operator](https://metrodequito.gob.ec).

## What changed

1. Fares were merged.
2. Feeder buses were rerouted.

| Line | Riders |
| --- | --- |
| Metro | 180,000 |
| Ecovía | 95,000 |
`

/** A library holding Quito's case study, imported through the Import button, and open in the editor. */
async function openQuito(page: Page, url: string): Promise<void> {
  await page.goto(url)
  const picking = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: 'Import…' }).click()
  await (await picking).setFiles([{ name: 'quito.md', mimeType: 'text/markdown', buffer: Buffer.from(QUITO) }])
  await page.getByRole('region', { name: 'Import finished' }).getByRole('button', { name: "Quito's Metro and the BRT" }).click()
  await expect(page.getByRole('heading', { level: 1, name: "Quito's Metro and the BRT" })).toBeVisible()
}

/** Chooses a format in the Export menu, and answers the file the browser was given to save. */
async function exportAs(page: Page, choice: string): Promise<{ download: Download; bytes: Buffer }> {
  await page.getByText('Export', { exact: true }).click()
  const downloading = page.waitForEvent('download')
  await page.getByRole('list', { name: 'Export as' }).getByRole('button', { name: choice }).click()
  const download = await downloading
  const path = await download.path()
  return { download, bytes: await readFile(path) }
}

test('the Export menu saves the open document as Word, PDF (A4 and Letter), HTML and Markdown', async ({ page, processes }) => {
  const { url } = await processes.shell()
  await openQuito(page, url)

  await page.getByText('Export', { exact: true }).click()
  await expect(page.getByRole('list', { name: 'Export as' }).getByRole('button')).toHaveText([
    'Word document (.docx)',
    'PDF, A4 paper',
    'PDF, US Letter paper',
    'Web page (.html)',
    'Markdown (.md)',
  ])
  await page.screenshot({ path: join('test-results', 'export-menu.png') })
  await page.keyboard.press('Escape')
  await expect(page.getByRole('list', { name: 'Export as' })).toBeHidden()

  const word = await exportAs(page, 'Word document (.docx)')
  expect(word.download.suggestedFilename()).toBe("Quito's Metro and the BRT.docx")
  await expect(page.getByRole('status').filter({ hasText: 'Exported' })).toHaveText("Exported as Quito's Metro and the BRT.docx.")
  const [documentXml, core] = await docxParts(word.bytes, 'word/document.xml', 'docProps/core.xml')
  const paragraphs = styledParagraphs(documentXml ?? '')
  expect(paragraphs.filter(({ style }) => style?.startsWith('Heading') || style === 'Title')).toEqual([
    { style: 'Title', text: "Quito's Metro and the BRT" },
    { style: 'Heading2', text: 'Summary' },
    { style: 'Heading2', text: 'What changed' },
  ])
  expect(core).toContain('<dc:creator>Ana Vera; Luis Paz</dc:creator>')
  const { value: wordText } = await mammoth.extractRawText({ buffer: word.bytes })
  expect(wordText).toContain('Fares were merged.')
  expect(wordText).toMatch(/Ecovía\s+95,000/)

  const a4 = await exportAs(page, 'PDF, A4 paper')
  expect(a4.download.suggestedFilename()).toBe("Quito's Metro and the BRT.pdf")
  const pdf = await readPdf(a4.bytes)
  expect(pdf.pages).toHaveLength(1)
  expect(pdf.pages[0]).toMatch(/^Quito's Metro and the BRT .*Summary The metro opened in 2023.*What changed.*Fares were merged.*Ecovía 95,000.* 1 \/ 1$/)
  expect(pdf.outline.map(({ title }) => title)).toEqual(["Quito's Metro and the BRT"])
  expect(pdf.outline[0]?.items.map(({ title }) => title)).toEqual(['Summary', 'What changed'])
  expect(pdf.links[0]).toEqual(['https://metrodequito.gob.ec/'])
  expect(pdf.info['Author']).toBe('Ana Vera, Luis Paz')
  expect(pdf.tagged).toBe(true)
  savePage(a4.bytes, 'app-export-a4')
  const letter = await exportAs(page, 'PDF, US Letter paper')
  expect((await readPdf(letter.bytes)).sizes[0]).toEqual([612, 792])
  expect(pdf.sizes[0]).toEqual([595, 842])

  const html = (await exportAs(page, 'Web page (.html)')).bytes.toString('utf8')
  expect(html).toMatch(/^<!doctype html>/)
  expect(html).toContain('<h1>Quito&#39;s Metro and the BRT</h1>')
  expect(html).toContain('<dt>City</dt><dd>Quito</dd>')
  expect(html).toContain('<a target="_blank" rel="noopener noreferrer nofollow" href="https://metrodequito.gob.ec">the operator</a>')

  const markdown = await exportAs(page, 'Markdown (.md)')
  expect(markdown.download.suggestedFilename()).toBe("Quito's Metro and the BRT.md")
  const text = markdown.bytes.toString('utf8')
  expect(text).toMatch(/^---\ntitle: Quito's Metro and the BRT\n/)
  expect(text).toContain('## What changed\n\n1. Fares were merged.\n2. Feeder buses were rerouted.')
  expect(text).toContain('| Ecovía | 95,000  |')
  await page.screenshot({ path: join('test-results', 'export-saved.png') })
})

test('where no Chromium can be found, a PDF export says so in one sentence, and the other formats still export', async ({ page, processes }) => {
  const { url } = await processes.shell(undefined, [], { CHROMIUM_PATH: '/nonexistent/chromium' })
  await openQuito(page, url)
  await page.getByText('Export', { exact: true }).click()
  let downloads = 0
  page.on('download', () => downloads++)
  await page.getByRole('list', { name: 'Export as' }).getByRole('button', { name: 'PDF, A4 paper' }).click()
  await expect(page.getByRole('alert')).toHaveText(
    'A PDF is printed by Chromium or Google Chrome, and neither was found: install one, or export as DOCX or HTML instead.',
  )
  await page.screenshot({ path: join('test-results', 'export-no-chromium.png') })
  expect(downloads).toBe(0)
  await page.getByRole('button', { name: 'Dismiss' }).click()
  await expect(page.getByRole('alert')).toBeHidden()
  const word = await exportAs(page, 'Word document (.docx)')
  expect(word.bytes.subarray(0, 2).toString('latin1')).toBe('PK')
})
