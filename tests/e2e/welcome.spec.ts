import { join } from 'node:path'
import { expect, test } from './support/processes.js'

test('an empty library says what Casebook is, and starts a document, an import or joining a network', async ({ page, processes }) => {
  const { url } = await processes.shell()
  await page.goto(url)
  const welcome = page.getByRole('region', { name: 'Welcome to Casebook' })
  await expect(welcome).toContainText('keeps your city’s case studies')
  await expect(page.getByRole('table', { name: 'Documents' })).toHaveCount(0)
  await expect(page.getByRole('searchbox', { name: 'Search documents' })).toHaveCount(0)
  await page.screenshot({ path: join('test-results', 'library-welcome.png') })

  await welcome.getByRole('button', { name: 'Join a network' }).click()
  await expect(page.getByRole('heading', { name: 'Join a network' })).toBeVisible()
  await page.getByRole('button', { name: 'Library', exact: true }).click()

  const picking = page.waitForEvent('filechooser')
  await welcome.getByRole('button', { name: 'Import files…' }).click()
  expect((await picking).isMultiple()).toBe(true)

  await welcome.getByRole('button', { name: 'Start writing' }).click()
  const dialog = page.getByRole('dialog', { name: 'New document' })
  await dialog.getByLabel('Title').fill('Our first case study')
  await dialog.getByRole('button', { name: 'Create' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Our first case study' })).toBeVisible()
  // With a document in it, the library lists it instead.
  await page.getByRole('button', { name: 'Library', exact: true }).click()
  await expect(page.getByRole('table', { name: 'Documents' }).getByRole('button', { name: 'Our first case study', exact: true })).toBeVisible()
  await expect(welcome).toHaveCount(0)
  // A search that finds nothing says so; it is no empty library.
  await page.getByRole('searchbox', { name: 'Search documents' }).fill('bicycle')
  await expect(page.getByRole('status').filter({ hasText: 'found' })).toHaveText('0 documents found')
  await expect(welcome).toHaveCount(0)
})
