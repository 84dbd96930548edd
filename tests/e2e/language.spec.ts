import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from './support/processes.js'

const LOCALES = join(import.meta.dirname, '../../src/renderer/locales')

function spanishCatalog(): { profile: { title: string; language: { label: string } } } {
  return JSON.parse(readFileSync(join(LOCALES, 'es.json'), 'utf8'))
}

test.use({ locale: 'en-GB' })

test('the language chosen in Profile is shown at once, without a reload, and kept after one', async ({ page, processes }, testInfo) => {
  const shell = await processes.shell()
  await page.goto(shell.url)
  // It follows the system (the browser's en-GB) until the user chooses.
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await page.getByRole('button', { name: 'Profile' }).click()
  const language = page.getByRole('combobox', { name: 'Language' })
  await expect(language).toHaveValue('en')
  await expect(language.getByRole('option')).toHaveText(['English', 'Español', 'Português (Brasil)', 'Français', '简体中文'])

  // A mark on the page, which a reload would lose.
  await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true))
  await language.selectOption('es')
  const spanish = spanishCatalog()
  await expect(page.locator('html')).toHaveAttribute('lang', 'es')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(spanish.profile.title)
  await expect(page.getByRole('combobox', { name: spanish.profile.language.label })).toHaveValue('es')
  expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true)
  await page.screenshot({ path: testInfo.outputPath('profile-language.png') })
  await expect.poll(() => (JSON.parse(readFileSync(join(shell.dataDir, 'settings.json'), 'utf8')) as { language?: string }).language).toBe('es')

  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('lang', 'es')
  // Profile, whatever it is called in the language shown: the one select on its screen.
  await page.getByRole('navigation').getByRole('button').nth(2).click()
  await expect(page.getByRole('combobox')).toHaveValue('es')
})

test('until the user chooses, the language follows the system’s', async ({ browser, processes }) => {
  const shell = await processes.shell()
  const context = await browser.newContext({ locale: 'fr-SN' })
  const page = await context.newPage()
  await page.goto(shell.url)
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr')
  await page.getByRole('navigation').getByRole('button').nth(2).click()
  await expect(page.getByRole('combobox')).toHaveValue('fr')
  // Nothing is kept until the user chooses.
  expect(existsSync(join(shell.dataDir, 'settings.json'))).toBe(false)
  await context.close()
})

test('a window whose system language’s catalog cannot be loaded is shown in English', async ({ browser, processes }) => {
  const shell = await processes.shell()
  const context = await browser.newContext({ locale: 'es-ES' })
  await context.route('**/chunks/es-*.js', (route) => route.abort())
  const page = await context.newPage()
  await page.goto(shell.url)
  await expect(page.getByRole('button', { name: 'Profile' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await page.getByRole('button', { name: 'Profile' }).click()
  // The language chosen is still the system's: only its catalog is missing.
  await expect(page.getByRole('combobox', { name: 'Language' })).toHaveValue('es')
  await context.close()
})
