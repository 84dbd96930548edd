import { createDocument, joinNetwork, section, setProfile } from './support/pages.js'
import { expect, test } from './support/processes.js'

test.use({ viewport: { width: 1280, height: 800 } })

test('while someone types online for 5 s, the badge never reads “Only on this device”', async ({ page, processes }, testInfo) => {
  const relay = await processes.relay()
  const shell = await processes.shell()
  await page.goto(shell.url)
  await setProfile(page, { name: 'Amara Okafor', city: 'Lagos' })
  await joinNetwork(page, relay.url, processes.invite(relay, { network: 'brt-network', role: 'member', name: 'Amara Okafor' }))
  await expect(page.getByRole('listitem', { name: 'brt-network' })).toContainText('Online')
  await createDocument(page, { template: 'Case study', title: 'Lagos bus rapid transit', network: 'brt-network' })
  const badge = page.locator('.document-status .badge')
  await expect(badge).toHaveText('Saved on the network')

  // A first key, once the document's live connection is surely up: saved once the relay has it.
  await section(page, 'Summary').click()
  await page.keyboard.type('L')
  await expect(badge).toHaveText('Saved on the network')

  // Every text the badge shows from now on, however briefly: recorded by the page on each change, not sampled.
  await page.locator('.document-status').evaluate((status) => {
    const window = globalThis as unknown as PageGlobals
    const record = () => window.badgeTexts.push(status.querySelector('.badge')?.textContent ?? '(no badge)')
    window.badgeTexts = []
    new window.MutationObserver(record).observe(status, { subtree: true, childList: true, characterData: true, attributes: true })
  })
  const typed = 'agos opened Africa’s first bus rapid transit corridor in 2008, on the Ikorodu road.'
  // 60 ms a key: some 5 s of typing.
  await page.keyboard.type(typed, { delay: 60 })
  await expect(section(page, 'Summary')).toHaveText(`L${typed}`)
  await expect(badge).toHaveText('Saved on the network')
  const shown = await page.evaluate(() => (globalThis as unknown as PageGlobals).badgeTexts)
  await page.screenshot({ path: testInfo.outputPath('typing-online.png') })
  expect(shown.filter((text) => text === 'Only on this device')).toEqual([])
})

/** What the page's code uses here (the tests are compiled without the DOM's types). */
interface PageGlobals {
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: Record<string, boolean>): void }
  badgeTexts: string[]
}
