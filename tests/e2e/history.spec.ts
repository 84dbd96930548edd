import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { createDocument, joinNetwork, openDocument, section, setProfile } from './support/pages.js'
import { expect, test } from './support/processes.js'

test.use({ viewport: { width: 1280, height: 800 } })

const history = (page: Page) => page.getByRole('complementary', { name: 'Version history' })
const versionLabels = (page: Page) => history(page).getByRole('listitem').locator('strong')

test('the History panel: a version saved on one device is compared and restored on another, and the restore reaches the first', async ({
  browser,
  processes,
}) => {
  const relay = await processes.relay()
  const [anaShell, boShell] = [await processes.shell(), await processes.shell()]
  const ana = await (await browser.newContext()).newPage()
  const bo = await (await browser.newContext()).newPage()
  for (const [page, shell, person] of [
    [ana, anaShell, { name: 'Ana Vera', city: 'Bogotá' }],
    [bo, boShell, { name: 'Bo Lindqvist', city: 'Stockholm' }],
  ] as const) {
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(shell.url)
    await setProfile(page, person)
    await joinNetwork(page, relay.url, processes.invite(relay, { network: 'brt', role: 'member', name: person.name }))
    await expect(page.getByRole('listitem', { name: 'brt' })).toContainText('Online')
  }

  await createDocument(ana, { template: 'Case study', title: 'Bogotá feeder lanes', network: 'brt' })
  await section(ana, 'Summary').click()
  await ana.keyboard.type('The feeder lanes cost 4 million dollars and carried 60,000 riders a day.')
  await ana.getByRole('button', { name: 'History' }).click()
  await history(ana).getByLabel('Save this text as a version').fill('Sent for review')
  await history(ana).getByRole('button', { name: 'Save version' }).click()
  await expect(history(ana).getByRole('status')).toHaveText('Saved “Sent for review”.')
  await expect(versionLabels(ana)).toHaveText(['Sent for review'])
  await expect(history(ana).getByRole('listitem')).toContainText('Ana Vera')

  // Ana goes on writing: a figure changed, a sentence added.
  await ana.getByRole('button', { name: 'History' }).click()
  await section(ana, 'Summary').click()
  await ana.keyboard.press('End')
  await ana.keyboard.type(' Fares were merged in 2019.')
  const summary = section(ana, 'Summary')
  // The 4 selected where it stands (the paragraph wraps, so Home would not find its start), then typed over.
  await summary.evaluate((paragraph) => {
    const text = paragraph.firstChild!
    const range = paragraph.ownerDocument.createRange()
    const at = (text.textContent ?? '').indexOf('4 million')
    range.setStart(text, at)
    range.setEnd(text, at + 1)
    paragraph.ownerDocument.getSelection()!.removeAllRanges()
    paragraph.ownerDocument.getSelection()!.addRange(range)
  })
  await ana.keyboard.type('9')
  const edited = 'The feeder lanes cost 9 million dollars and carried 60,000 riders a day. Fares were merged in 2019.'
  await expect(summary).toHaveText(edited)

  // Bo, on another device, sees Ana's version and what changed since.
  await expect(bo.getByRole('button', { name: 'Library' })).toBeVisible()
  await expect
    .poll(async () => {
      await bo.getByRole('button', { name: 'Library' }).click()
      return bo.getByRole('table', { name: 'Documents' }).getByRole('button', { name: 'Bogotá feeder lanes', exact: true }).count()
    })
    .toBe(1)
  await openDocument(bo, 'Bogotá feeder lanes')
  await expect(section(bo, 'Summary')).toHaveText(edited)
  await bo.getByRole('button', { name: 'History' }).click()
  await expect(versionLabels(bo)).toHaveText(['Sent for review'])
  await history(bo)
    .getByRole('button', { name: /Sent for review/ })
    .click()
  const view = bo.getByRole('region', { name: 'Version “Sent for review”' })
  await expect(view.getByText(/^Saved by Ana Vera, /)).toBeVisible()
  const compared = view.getByRole('document', { name: 'The text now, with what changed since this version' })
  await expect(compared.locator('ins.change-added')).toHaveText(['9', ' Fares were merged in 2019.'])
  await expect(compared.locator('del.change-removed')).toHaveText(['4'])
  await bo.screenshot({ path: join('test-results', 'history-compare.png') })

  await view.getByLabel('Show what changed since this version').uncheck()
  await expect(view.getByRole('document', { name: 'Text of this version' }).locator('p', { hasText: 'feeder lanes' })).toHaveText(
    'The feeder lanes cost 4 million dollars and carried 60,000 riders a day.',
  )

  // Bo restores it: the text goes back, for Ana too, and the text before is kept as a version.
  await view.getByRole('button', { name: 'Restore this version' }).click()
  await view.getByRole('group', { name: 'Restore this version' }).getByRole('button', { name: 'Restore', exact: true }).click()
  await expect(history(bo).getByRole('status')).toHaveText(
    'Restored “Sent for review”. The text as it was before is saved as “Before restoring “Sent for review””.',
  )
  const original = 'The feeder lanes cost 4 million dollars and carried 60,000 riders a day.'
  await expect(section(bo, 'Summary')).toHaveText(original)
  await expect(section(ana, 'Summary')).toHaveText(original)
  await expect(versionLabels(bo)).toHaveText(['Before restoring “Sent for review”', 'Sent for review'])
  await ana.getByRole('button', { name: 'History' }).click()
  await expect(versionLabels(ana)).toHaveText(['Before restoring “Sent for review”', 'Sent for review'])
  await bo.screenshot({ path: join('test-results', 'history-restored.png') })
})
