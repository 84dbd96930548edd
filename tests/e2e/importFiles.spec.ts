import { join } from 'node:path'
import { makeDocx } from '../helpers/makeDocx.js'
import { body } from './support/pages.js'
import { expect, test } from './support/processes.js'

test.use({ viewport: { width: 1280, height: 800 } })

const LAGOS =
  '---\ntitle: Lagos BRT\ncity: Lagos\ncountry: Nigeria\nauthors: [Ada Obi]\nlayout: post\n---\n\n## Summary\n\nThe **BRT** carries 200,000 riders a day.\n'

test('files dropped on the library are imported one by one, with a summary of what came of each', async ({ page, processes }) => {
  const { url } = await processes.shell(processes.tempDir())
  await page.goto(url)
  await expect(page.getByRole('status').filter({ hasText: 'document' })).toHaveText('0 documents')

  // What a drag from the file manager brings: a good Markdown file and one in Latin-1.
  const dataTransfer = await page.evaluateHandle((lagos) => {
    // The page's DataTransfer (these tests are compiled without the DOM's types).
    const page = globalThis as unknown as { DataTransfer: new () => { items: { add(file: File): void } } }
    const transfer = new page.DataTransfer()
    transfer.items.add(new File([lagos], 'lagos.md', { type: 'text/markdown' }))
    transfer.items.add(new File([Uint8Array.from([0x43, 0x61, 0x66, 0xe9, 0x0a])], 'café.md'))
    return transfer
  }, LAGOS)
  const hint = page.getByText('Drop Markdown or Word files to import them')
  await page.dispatchEvent('main', 'dragenter', { dataTransfer })
  await expect(hint).toBeVisible()
  // Moving onto the heading enters it before the page is left, and the leave names no element it goes to.
  await page.dispatchEvent('h1', 'dragenter', { dataTransfer })
  await page.dispatchEvent('main', 'dragleave', { dataTransfer })
  await expect(hint).toBeVisible()
  await page.dispatchEvent('h1', 'dragleave', { dataTransfer })
  await expect(hint).toBeHidden()
  await page.dispatchEvent('main', 'dragenter', { dataTransfer })
  await expect(hint).toBeVisible()
  await page.dispatchEvent('main', 'dragover', { dataTransfer })
  await page.dispatchEvent('main', 'drop', { dataTransfer })
  await expect(hint).toBeHidden()

  const summary = page.getByRole('region', { name: 'Import finished' })
  await expect(summary.getByRole('status')).toHaveText('Imported 1 of 2 files; 1 could not be imported.')
  await expect(summary.getByRole('list', { name: 'Files to import' }).getByRole('listitem').filter({ hasText: '.md' })).toHaveText([
    /^✓lagos\.mdImported as Lagos BRT\.The front matter field "layout" is not used by Casebook and was left out\.$/,
    '✕café.mdNot imported. It is not UTF-8 text.',
  ])
  await expect(summary.getByRole('list', { name: 'What was approximated in lagos.md' })).toHaveText(
    'The front matter field "layout" is not used by Casebook and was left out.',
  )
  const table = page.getByRole('table', { name: 'Documents' })
  await expect(table.getByRole('row').nth(1).getByRole('cell')).toHaveText([
    'Lagos BRT',
    'Case study',
    'Draft',
    'Lagos',
    '',
    /\d{4}/,
    'Only on this device',
    'Trash',
  ])
  await expect(page.getByRole('status').filter({ hasText: 'document' })).toHaveText('1 document')
  await page.screenshot({ path: join('test-results', 'import-summary.png') })

  await summary.getByRole('button', { name: 'Lagos BRT' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Lagos BRT' })).toBeVisible()
  await expect(page.getByLabel('Country')).toHaveValue('Nigeria')
  await expect(body(page).locator('h2')).toHaveText(['Summary'])
  await expect(body(page).locator('p')).toHaveText(['The BRT carries 200,000 riders a day.'])
  await expect(body(page).locator('strong')).toHaveText('BRT')
})

test('the Import button opens a picker for Markdown and Word files, and imports what is picked', async ({ page, processes }) => {
  const { url } = await processes.shell(processes.tempDir())
  await page.goto(url)
  await expect(page.getByRole('status').filter({ hasText: 'document' })).toHaveText('0 documents')
  const picking = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: 'Import…' }).click()
  const chooser = await picking
  expect(chooser.isMultiple()).toBe(true)
  expect(await chooser.element().getAttribute('accept')).toBe('.md,.markdown,.docx')
  await chooser.setFiles([
    { name: 'kampungs.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: await makeDocx() },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('# Notes\n') },
  ])
  const summary = page.getByRole('region', { name: 'Import finished' })
  await expect(summary.getByRole('status')).toHaveText('Imported 1 of 2 files; 1 could not be imported.')
  await expect(summary.getByRole('listitem')).toHaveText([
    '✓kampungs.docxImported as Flood-proofing Jakarta’s kampungs.',
    '✕notes.txtNot imported. Casebook imports Markdown (.md) and Word (.docx) files, and this is neither.',
  ])
  await expect(page.getByRole('table', { name: 'Documents' }).getByRole('button', { name: 'Flood-proofing Jakarta’s kampungs', exact: true })).toBeVisible()
  await summary.getByRole('button', { name: 'Close' }).click()
  await expect(summary).toBeHidden()
})
