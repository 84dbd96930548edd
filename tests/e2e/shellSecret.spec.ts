import { casebook } from '../helpers/cli.js'
import { expect, test } from './support/processes.js'

test('the browser shell takes its secret out of the address bar, and the page still works after a reload, back at the document that was open', async ({
  page,
  processes,
}) => {
  const dataDir = processes.tempDir()
  expect((await casebook(['--data', dataDir, 'new', '--kind', 'case-study', '--title', 'Lagos BRT', '--city', 'Lagos'])).code).toBe(0)
  const { url } = await processes.shell(dataDir)
  const secret = new URLSearchParams(new URL(url).hash.slice(1)).get('secret')!
  await page.goto(url)
  const table = page.getByRole('table', { name: 'Documents' })
  await expect(table.getByRole('button', { name: 'Lagos BRT', exact: true })).toBeVisible()
  expect(page.url()).toBe(`${new URL(url).origin}/`)

  await page.reload()
  expect(page.url()).not.toContain(secret)
  await expect(table.getByRole('button', { name: 'Lagos BRT', exact: true })).toBeVisible()
  // The contract still answers: a document made in the page is listed.
  await page.getByRole('button', { name: 'New document' }).click()
  const dialog = page.getByRole('dialog', { name: 'New document' })
  await dialog.getByLabel('Title').fill('Made after the reload')
  await dialog.getByRole('button', { name: 'Create' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Made after the reload' })).toBeVisible()
  expect(page.url()).not.toContain(secret)

  // A reload returns to the document that was open, and to the library once it was left.
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Made after the reload' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Adapt for my city' })).toBeVisible()
  await page.getByRole('button', { name: 'Library', exact: true }).click()
  await page.reload()
  await expect(table.getByRole('button', { name: 'Made after the reload', exact: true })).toBeVisible()

  // Another tab does not share the secret: the address without it gets nothing.
  const stranger = await page.context().newPage()
  await stranger.goto(page.url())
  await expect(stranger.getByRole('alert')).toHaveText('Casebook refused this page; open the address Casebook printed, with its secret.')
})
