import { casebook } from '../helpers/cli.js'
import { expect, test } from './support/processes.js'

test('when the editor fails to load, the document screen says so, and Try again loads it and opens the document', async ({ page, processes }) => {
  const dataDir = processes.tempDir()
  expect((await casebook(['--data', dataDir, 'new', '--kind', 'case-study', '--title', 'Lagos BRT'])).code).toBe(0)
  const { url } = await processes.shell(dataDir)
  // The editor's chunk cannot be fetched, as when the file is missing or the disk fails to read it.
  const chunk = '**/chunks/EditorScreen-*.js'
  await page.route(chunk, (route) => route.fulfill({ status: 404, body: 'Not found' }))
  await page.goto(url)
  await page.getByRole('table', { name: 'Documents' }).getByRole('button', { name: 'Lagos BRT', exact: true }).click()
  await expect(page.getByRole('alert')).toHaveText('The editor could not be loaded, so the document cannot be shown. Your documents are safe on this device.')

  await page.unroute(chunk)
  await page.getByRole('button', { name: 'Try again' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Lagos BRT' })).toBeVisible()
  await expect(page.getByRole('alert')).toHaveCount(0)
})
