import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createDocument } from './support/pages.js'
import { expect, test } from './support/processes.js'

test.use({ viewport: { width: 1280, height: 800 } })

test('a screen that fails to render says so, keeps the window, and offers a way back to the library', async ({ page, processes }, testInfo) => {
  const shell = await processes.shell()
  await page.goto(shell.url)
  await createDocument(page, { template: 'Case study', title: 'Lagos bus rapid transit' })
  await page.getByRole('button', { name: 'Networks' }).click()

  // A real failure in the shipped page: the browser's date formatting (Intl.DateTimeFormat), which
  // the library calls for each row as it renders, throws (as Intl can, on a broken locale set-up).
  await page.evaluate(() => {
    const page = globalThis as unknown as { datesBroken: boolean }
    page.datesBroken = true
    // Intl's format is a getter that gives each formatter's own function.
    const { get } = Object.getOwnPropertyDescriptor(Intl.DateTimeFormat.prototype, 'format')!
    Object.defineProperty(Intl.DateTimeFormat.prototype, 'format', {
      configurable: true,
      get(this: Intl.DateTimeFormat) {
        const format = get!.call(this) as (date?: Date | number) => string
        return (date?: Date | number) => {
          if (page.datesBroken) throw new Error('This computer could not format a date.')
          return format(date)
        }
      },
    })
  })
  await page.getByRole('button', { name: 'Library' }).click()
  const crashed = page.getByRole('alert').filter({ hasText: 'This screen could not be shown' })
  await expect(crashed).toContainText(
    'Casebook ran into a problem while showing it: This computer could not format a date. Your documents are safe: everything you wrote is kept on this device. The details are in Casebook’s log.',
  )
  // Not a blank window: the navigation is still there.
  await expect(page.getByRole('navigation', { name: 'Casebook' })).toBeVisible()
  await page.screenshot({ path: testInfo.outputPath('error-boundary.png') })
  // The back end's log has it, with where it was thrown.
  const logged = () =>
    readFileSync(join(shell.dataDir, 'logs', 'casebook.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: string; msg: string; err?: { message?: string; stack?: string } })
  await expect.poll(() => logged().length).toBe(1)
  expect(logged()[0]).toMatchObject({ level: 'error', msg: 'A screen failed to render.', err: { message: 'This computer could not format a date.' } })
  expect(logged()[0]!.err!.stack).toContain('at DateTimeFormat')

  await page.evaluate(() => ((globalThis as unknown as { datesBroken: boolean }).datesBroken = false))
  await crashed.getByRole('button', { name: 'Back to the library' }).click()
  await expect(crashed).toHaveCount(0)
  await expect(page.getByRole('table', { name: 'Documents' }).getByRole('button', { name: 'Lagos bus rapid transit', exact: true })).toBeVisible()

  // Reloading is the other way back.
  await page.evaluate(() => ((globalThis as unknown as { datesBroken: boolean }).datesBroken = true))
  await page.getByRole('button', { name: 'Networks' }).click()
  await page.getByRole('button', { name: 'Library' }).click()
  await crashed.getByRole('button', { name: 'Reload the window' }).click()
  await expect(page.getByRole('table', { name: 'Documents' }).getByRole('button', { name: 'Lagos bus rapid transit', exact: true })).toBeVisible()
})
