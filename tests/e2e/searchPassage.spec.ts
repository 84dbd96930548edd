import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { casebook } from '../helpers/cli.js'
import { expect, test } from './support/processes.js'

test('a search shows, under each hit, where its body matched, the words searched for highlighted', async ({ page, processes }) => {
  const dataDir = processes.tempDir()
  const files = processes.tempDir()
  const texts = {
    'medellin.md': [
      'Medellín metrocable',
      'The city council first studied buses along the valley floor. Then, in 2004, the first gondola line opened above the hillside neighbourhoods, linking them to the metro in minutes rather than hours.',
    ],
    'lagos.md': ['Lagos BRT', 'Bus rapid transit along the Ikorodu road carries two hundred thousand riders a day.'],
  }
  for (const [name, [title, body]] of Object.entries(texts)) {
    writeFileSync(join(files, name), `---\ntitle: ${title}\nkind: case-study\n---\n\n${body}\n`)
    expect((await casebook(['import', join(files, name), '--data', dataDir])).code).toBe(0)
  }
  const { url } = await processes.shell(dataDir)
  await page.setViewportSize({ width: 1100, height: 520 })
  await page.goto(url)
  await expect(page.getByRole('status').filter({ hasText: 'document' })).toHaveText('2 documents')

  // Accents and case folded, and a word found by its beginning: "Gondol" finds "gondola".
  await page.getByRole('searchbox', { name: 'Search documents' }).fill('medellin Gondol')
  const table = page.getByRole('table', { name: 'Documents' })
  await expect(table.getByRole('row')).toHaveCount(2)
  const passage = table.locator('.passage')
  // Cut before the match at a word boundary, with "…"; the body ends within the passage, so no "…" after.
  await expect(passage).toHaveText(
    '…valley floor. Then, in 2004, the first gondola line opened above the hillside neighbourhoods, linking them to the metro in minutes rather than hours.',
  )
  await expect(passage.locator('mark')).toHaveText(['gondola'])
  await expect(page.getByRole('status').filter({ hasText: 'found' })).toHaveText('1 document found')
  await page.screenshot({ path: 'test-results/search-passage.png' })
})
