import { connectToShell } from '../../src/renderer/shellApi.js'
import { webSocketFrom } from '../helpers/webSocketFrom.js'
import { expect, test } from './support/processes.js'
import { casebook } from '../helpers/cli.js'

test('the browser shell lists the library in Chromium, and keeps the list current', async ({ page, processes }) => {
  const dataDir = processes.tempDir()
  expect((await casebook(['--data', dataDir, 'new', '--kind', 'case-study', '--title', 'Lagos BRT', '--city', 'Lagos'])).code).toBe(0)
  const { url } = await processes.shell(dataDir)
  await page.goto(url)
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
  const count = page.getByRole('status').filter({ hasText: 'document' })
  await expect(count).toHaveText('1 document')

  // Another page of the same shell creates a document: this one hears of it and lists it.
  const { origin, hash } = new URL(url)
  const other = await connectToShell({ origin, secret: new URLSearchParams(hash.slice(1)).get('secret')! }, webSocketFrom(origin))
  await other.request('library.create', { kind: 'lessons-learned', title: 'Quito cable car', city: 'Quito' })
  await expect(count).toHaveText('2 documents')
  await expect(table.getByRole('button', { name: 'Quito cable car', exact: true })).toBeVisible()

  // A page without the secret gets nothing.
  const stranger = await page.context().newPage()
  await stranger.goto(url.replace(/#.*$/, ''))
  await expect(stranger.getByRole('alert')).toHaveText('Casebook refused this page; open the address Casebook printed, with its secret.')
})
