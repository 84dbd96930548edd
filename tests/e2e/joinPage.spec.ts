import type { Browser, Page } from '@playwright/test'
import { inviteLink, invitePageLink } from '../../src/shared/protocol/inviteLink.js'
import { joinNetworkByLink, setProfile } from './support/pages.js'
import { expect, test } from './support/processes.js'

test.use({ viewport: { width: 1280, height: 800 } })

/** What the page did: the CSP violations the browser reported, the requests it made and the dialogs it opened. */
interface Watched {
  page: Page
  requests: string[]
  dialogs: string[]
  violations(): Promise<string[]>
}

/** A page in a context of its own that may use the clipboard, watched. */
async function watchedPage(browser: Browser): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 720 }, permissions: ['clipboard-read', 'clipboard-write'] })
  const page = await context.newPage()
  await page.addInitScript(() => {
    const inPage = globalThis as unknown as {
      cspViolations: string[]
      document: { addEventListener(type: string, listener: (event: { violatedDirective: string }) => void): void }
    }
    inPage.cspViolations = []
    inPage.document.addEventListener('securitypolicyviolation', (event) => inPage.cspViolations.push(event.violatedDirective))
  })
  const requests: string[] = []
  const dialogs: string[] = []
  page.on('request', (request) => requests.push(`${request.method()} ${new URL(request.url()).pathname}`))
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  return { page, requests, dialogs, violations: () => page.evaluate(() => (globalThis as unknown as { cspViolations: string[] }).cspViolations) }
}

test('the invite page offers the casebook:// link of the invite in its fragment, and opens nothing by itself', async ({ browser, processes }) => {
  const relay = await processes.relay()
  const token = processes.invite(relay, { network: 'brt-network', role: 'member', name: 'Lucía Gómez', city: 'Bogotá' })
  const { page, requests, dialogs, violations } = await watchedPage(browser)
  await page.goto(invitePageLink(relay.url, token))

  await expect(page.getByRole('heading', { level: 1, name: 'Join a Casebook network' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Open in Casebook' })).toHaveAttribute('href', inviteLink(relay.url, token))
  await expect(page.getByText('You are invited to a network on the relay')).toContainText(relay.url)
  await expect(page.getByLabel('Invite link')).toHaveValue(inviteLink(relay.url, token))
  await expect(page.getByRole('alert')).toBeHidden()
  await page.getByRole('button', { name: 'Copy link' }).click()
  await expect(page.getByRole('status')).toHaveText('Copied.')
  expect(
    await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText()),
  ).toBe(inviteLink(relay.url, token))
  await page.screenshot({ path: 'test-results/join-page.png' })

  // The page and its two files, and nothing else: no navigation to the app, no request with the invite.
  expect(requests).toEqual(['GET /join', 'GET /join/join.css', 'GET /join/join.js'])
  expect(page.url()).toBe(invitePageLink(relay.url, token))
  expect(dialogs).toEqual([])
  expect(await violations()).toEqual([])
})

test('the invite page refuses a crafted fragment in plain words, and runs nothing of it', async ({ browser, processes }) => {
  const relay = await processes.relay()
  const token = processes.invite(relay, { network: 'brt-network', role: 'member', name: 'Lucía Gómez' })
  const { page, dialogs, violations } = await watchedPage(browser)
  const http = relay.url.replace(/^ws/, 'http')
  const markup = '<img src=x onerror="alert(document.domain);window.pwned=1">'
  for (const fragment of [
    `relay=${markup}&invite=${token}`,
    `relay=${encodeURIComponent(relay.url)}&invite=${encodeURIComponent(`${token}"><script>alert(2)</script>`)}`,
  ]) {
    await page.goto(`${http}/join#${fragment}`)
    await expect(page.getByRole('alert')).toHaveText(
      'This link does not hold an invite that Casebook made: part of it may be missing or changed. Ask whoever invited you to send it again.',
    )
    await expect(page.getByRole('link', { name: 'Open in Casebook' })).toBeHidden()
    await expect(page.locator('img, main script')).toHaveCount(0)
  }
  await page.screenshot({ path: 'test-results/join-page-refused.png' })
  expect(await page.evaluate(() => 'pwned' in globalThis)).toBe(false)
  expect(dialogs).toEqual([])
  expect(await violations()).toEqual([])

  // The same page, given a good invite in its fragment (no reload: the fragment alone changes), offers it.
  await page.goto(invitePageLink(relay.url, token))
  await expect(page.getByRole('link', { name: 'Open in Casebook' })).toHaveAttribute('href', inviteLink(relay.url, token))
  await expect(page.getByRole('alert')).toBeHidden()
})

test('the app’s networks screen joins by the invite page’s link pasted whole', async ({ page, processes }) => {
  const relay = await processes.relay()
  const token = processes.invite(relay, { network: 'brt-network', role: 'member', name: 'Lucía Gómez', city: 'Bogotá' })
  const shell = await processes.shell()
  await page.goto(shell.url)
  await setProfile(page, { name: 'Lucía Gómez', city: 'Bogotá' })
  await joinNetworkByLink(page, invitePageLink(relay.url, token), relay.url)
  await expect(page.getByRole('status').filter({ hasText: 'You joined brt-network.' })).toBeVisible()
  await expect(page.getByRole('listitem', { name: 'brt-network' })).toContainText('Online')
})
