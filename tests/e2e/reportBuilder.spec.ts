import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import mammoth from 'mammoth'
import { largeMarkdown } from '../helpers/markdownCorpus.js'
import { readPdf, savePage } from '../helpers/pdf.js'
import { expect, test } from './support/processes.js'

test.use({ viewport: { width: 1280, height: 800 } })

const caseStudy = (title: string, city: string) => `---\ntitle: ${title}\ncity: ${city}\n---\n\n## Summary\n\n${city} in brief.\n`

/** Imports the files through the Import button, and waits for the library to list them. */
async function importFiles(page: Page, files: { name: string; text: string }[]): Promise<void> {
  const picking = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: 'Import…' }).click()
  await (await picking).setFiles(files.map(({ name, text }) => ({ name, mimeType: 'text/markdown', buffer: Buffer.from(text) })))
  await expect(page.getByRole('region', { name: 'Import finished' }).getByRole('status')).toHaveText(`Imported ${files.length} files.`)
}

test('the report builder compiles the ticked documents of the list into a Word file and a PDF', async ({ page, processes }) => {
  const { url } = await processes.shell()
  await page.goto(url)
  await importFiles(page, [
    { name: 'lagos.md', text: caseStudy('Lagos BRT', 'Lagos') },
    { name: 'quito.md', text: caseStudy('Quito Metro', 'Quito') },
    { name: 'bogota.md', text: caseStudy('Bogotá TransMilenio', 'Bogotá') },
  ])

  await page.getByRole('button', { name: 'Report…' }).click()
  const dialog = page.getByRole('dialog', { name: 'New report' })
  const documents = dialog.getByRole('group', { name: /^Documents:/ })
  await expect(documents.getByRole('checkbox')).toHaveCount(3)
  await expect(documents.getByRole('listitem')).toHaveText(['Bogotá TransMilenioBogotá', 'Lagos BRTLagos', 'Quito MetroQuito'])
  await expect(documents).toHaveAccessibleName('Documents: 3 of 3 chosen')
  await documents.getByRole('checkbox', { name: 'Quito Metro' }).uncheck()
  await expect(documents).toHaveAccessibleName('Documents: 2 of 3 chosen')
  await dialog.getByLabel('Title').fill('Two cities')
  await dialog.getByLabel('Format').selectOption({ label: 'Word document (.docx)' })
  await page.screenshot({ path: join('test-results', 'report-builder.png') })

  const downloading = page.waitForEvent('download')
  await dialog.getByRole('button', { name: 'Create report' }).click()
  const word = await downloading
  expect(word.suggestedFilename()).toBe('Two cities.docx')
  await expect(dialog.getByRole('status')).toHaveText('Report saved as Two cities.docx.')
  const { value } = await mammoth.convertToHtml({ buffer: await readFile(await word.path()) })
  expect([...value.matchAll(/<h1><a id="[^"]+"><\/a>([^<]+)<\/h1>/g)].map(([, title]) => title)).toEqual(['Bogotá TransMilenio', 'Lagos BRT'])

  await documents.getByRole('checkbox', { name: 'Quito Metro' }).check()
  await dialog.getByLabel('Format').selectOption({ label: 'PDF, A4 paper' })
  const printing = page.waitForEvent('download')
  await dialog.getByRole('button', { name: 'Create report' }).click()
  const pdfBytes = await readFile(await (await printing).path())
  const pdf = await readPdf(pdfBytes)
  expect(pdf.pages[1]).toBe(`Contents Bogotá TransMilenio 3 Lagos BRT 4 Quito Metro 5 Two cities 2 / 5`)
  expect(pdf.pages.slice(2).map((text) => text.split(' KIND ')[0])).toEqual(['Bogotá TransMilenio', 'Lagos BRT', 'Quito Metro'])
  savePage(pdfBytes, 'app-report-contents', 2)
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(dialog).toBeHidden()
})

test('a report cancelled while its pages are laid out leaves no file, and the builder can start another', async ({ page, processes }) => {
  const { url } = await processes.shell()
  await page.goto(url)
  // Long enough that Chromium takes seconds to lay it out.
  await importFiles(page, [
    { name: 'long.md', text: largeMarkdown(1 << 20) },
    { name: 'lagos.md', text: caseStudy('Lagos BRT', 'Lagos') },
  ])
  let downloads = 0
  page.on('download', () => downloads++)
  await page.getByRole('button', { name: 'Report…' }).click()
  const dialog = page.getByRole('dialog', { name: 'New report' })
  await dialog.getByRole('button', { name: 'Create report' }).click()
  await expect(dialog.getByRole('status')).toHaveText('Laying out the pages…')
  await expect(dialog.getByRole('progressbar', { name: 'Report progress' })).toBeVisible()
  await expect(dialog.getByLabel('Title')).toBeDisabled()
  await page.screenshot({ path: join('test-results', 'report-progress.png') })
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog.getByRole('status')).toHaveText('The report was cancelled; no file was made.')
  // Long enough for a file sent after all to have been downloaded.
  await page.waitForTimeout(1000)
  expect(downloads).toBe(0)

  await dialog
    .getByRole('group', { name: /^Documents:/ })
    .getByRole('checkbox', { name: 'A long case study' })
    .uncheck()
  await dialog.getByLabel('Format').selectOption({ label: 'Word document (.docx)' })
  const downloading = page.waitForEvent('download')
  await dialog.getByRole('button', { name: 'Create report' }).click()
  expect((await downloading).suggestedFilename()).toBe('Report.docx')
  expect(downloads).toBe(1)
})
