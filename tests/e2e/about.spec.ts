import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from './support/processes.js'

const ROOT = join(import.meta.dirname, '../..')
const manifest = (dir: string) => JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { version: string; license: string }

test('About Casebook, from Profile, shows the version and the packages the app is built from, each with its license and its text', async ({
  page,
  processes,
}, testInfo) => {
  const shell = await processes.shell()
  await page.goto(shell.url)
  await page.getByRole('button', { name: 'Profile' }).click()
  await page.getByRole('button', { name: 'About Casebook' }).click()
  const about = page.getByRole('dialog', { name: 'About Casebook' })
  await expect(about).toBeVisible()
  await expect(about).toContainText(`Version ${manifest('.').version}`)
  await expect(about).toContainText('© C40 Cities')

  // The notices, as the build wrote them from the bundles and the packages' own package.json.
  const notices = about.getByRole('list', { name: 'Third-party notices' })
  const summaries = notices.locator('summary')
  for (const name of ['yjs', 'react', '@tiptap/core', 'electron-store']) {
    const { version, license } = manifest(`node_modules/${name}`)
    await expect(summaries.filter({ hasText: new RegExp(`^${name} ${version.replaceAll('.', '\\.')} · ${license}$`) })).toHaveCount(1)
  }
  expect(await summaries.count()).toBeGreaterThan(50)
  // Opened, a package shows its license's text, read from its LICENSE file.
  const yjs = notices.getByRole('listitem').filter({ has: page.locator('summary', { hasText: /^yjs / }) })
  await yjs.locator('summary').click()
  const licenseText = readFileSync(join(ROOT, 'node_modules/yjs/LICENSE'), 'utf8')
  await expect(yjs.locator('pre')).toContainText(licenseText.trim().split('\n')[0]!)
  await expect(yjs.locator('pre')).toContainText('THE SOFTWARE IS PROVIDED "AS IS"')
  await yjs.locator('pre').scrollIntoViewIfNeeded()
  await page.screenshot({ path: testInfo.outputPath('about.png') })

  await page.keyboard.press('Escape')
  await expect(about).toBeHidden()
  // The page's icon, served as a PNG.
  const favicon = await page.request.get(new URL('/favicon.png', shell.url).href)
  expect(favicon.headers()['content-type']).toBe('image/png')
  expect((await favicon.body()).subarray(1, 4).toString('latin1')).toBe('PNG')
})
