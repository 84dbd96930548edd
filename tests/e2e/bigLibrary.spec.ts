import { generateLibrary } from '../helpers/generatedLibrary.js'
import { expect, test } from './support/processes.js'

const DOCUMENTS = 2000

test('a library of 2,000 documents draws only the rows in view, and scrolls, moves by keyboard and filters through all of them', async ({
  page,
  processes,
}) => {
  test.setTimeout(120_000)
  const dataDir = processes.tempDir()
  await generateLibrary(dataDir, DOCUMENTS)
  const { url } = await processes.shell(dataDir)
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(url)

  const table = page.getByRole('table', { name: 'Documents' })
  const drawn = table.locator('tbody tr[aria-rowindex]')
  await expect(page.getByRole('status').filter({ hasText: 'document' })).toHaveText(/^2,?000 documents( · still indexing .*)?$/)
  await expect(table).toHaveAttribute('aria-rowcount', String(DOCUMENTS + 1))
  await expect(drawn.first().getByRole('cell')).toHaveText(['Case 2000', 'Lessons learned', 'Draft', 'Manila', '', /2026/, 'Only on this device', 'Trash'])
  await expect(drawn.first()).toHaveAttribute('aria-rowindex', '2')
  const inDom = await drawn.count()
  expect(inDom).toBeGreaterThan(10)
  expect(inDom).toBeLessThan(100)

  // Scrolled to the end: the oldest document is drawn, as the list's last row, and the header still shows.
  const frame = page.locator('.documents-frame')
  const last = table.getByRole('row').filter({ has: page.getByRole('button', { name: 'Case 1', exact: true }) })
  // As a person scrolls: rows measured taller than estimated lengthen the list as they are drawn.
  await expect(async () => {
    await frame.evaluate((element) => element.scrollTo({ top: element.scrollHeight }))
    await expect(last).toBeInViewport({ timeout: 500 })
  }).toPass()
  await expect(last).toHaveAttribute('aria-rowindex', String(DOCUMENTS + 1))
  await expect(table.getByRole('columnheader', { name: 'Title' })).toBeInViewport()
  expect(await drawn.count()).toBeLessThan(100)
  await page.screenshot({ path: 'test-results/big-library-end.png' })

  // Back at the top, by keyboard: Home, then End, the arrows and the page keys move between rows.
  await page.getByRole('button', { name: 'Case 1', exact: true }).focus()
  await page.keyboard.press('Home')
  await expect(page.getByRole('button', { name: 'Case 2000', exact: true })).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(page.getByRole('button', { name: 'Case 1999', exact: true })).toBeFocused()
  await page.keyboard.press('End')
  await expect(page.getByRole('button', { name: 'Case 1', exact: true })).toBeFocused()
  await page.keyboard.press('ArrowUp')
  await expect(page.getByRole('button', { name: 'Case 2', exact: true })).toBeFocused()
  // From a Trash button, a move lands on the other row's Trash button.
  await page.getByRole('button', { name: 'Move Case 2 to the trash' }).focus()
  await page.keyboard.press('PageUp')
  const focused = page.locator(':focus')
  await expect(focused).toHaveAccessibleName(/^Move Case \d+ to the trash$/)
  const paged = Number((await focused.getAttribute('aria-label'))?.match(/\d+/)?.[0])
  expect(paged).toBeGreaterThan(3)
  await expect(page.locator('tr', { has: focused })).toBeInViewport()

  // The row holding the focus stays drawn, and focused, however far the list scrolls from it; the
  // keys go on from it.
  await page.keyboard.press('Home')
  const newest = page.getByRole('button', { name: 'Move Case 2000 to the trash' })
  await expect(newest).toBeFocused()
  await frame.evaluate((element) => element.scrollTo({ top: element.scrollHeight }))
  await expect(last).toBeInViewport()
  await expect(newest).toBeFocused()
  await expect(newest).not.toBeInViewport()
  expect(await drawn.count()).toBeLessThan(100)
  await page.keyboard.press('ArrowDown')
  const next = page.getByRole('button', { name: 'Move Case 1999 to the trash' })
  await expect(next).toBeFocused()
  await expect(next).toBeInViewport()

  // A filter narrows the list: every eighth document is in Quito.
  await page.getByRole('combobox', { name: 'City' }).selectOption('Quito')
  await expect(table).toHaveAttribute('aria-rowcount', String(DOCUMENTS / 8 + 1))
  await expect(page.getByRole('status').filter({ hasText: 'document' })).toHaveText(/^250 documents( · still indexing .*)?$/)
  const cities = await drawn.locator('td:nth-child(4)').allTextContents()
  expect(new Set(cities)).toEqual(new Set(['Quito']))
  expect(cities.length).toBeLessThan(100)
  await page.screenshot({ path: 'test-results/big-library-quito.png' })
})
