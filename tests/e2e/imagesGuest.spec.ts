import type { Page } from '@playwright/test'
import { figures, loaded, paste, shown } from './support/images.js'
import { body, createDocument, joinNetwork, section, setProfile } from './support/pages.js'
import { expect, test } from './support/processes.js'

test.use({ viewport: { width: 1280, height: 900 } })

const STATION = 'The new BRT station at Oshodi, its roof of white sails over the platforms.'
const SKETCH = 'A sketch of Main Street with trees and a bus lane instead of parking.'

/** The CSP violations the page reported, noted from its first script on. */
async function notingViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    type Violation = { violatedDirective: string; blockedURI: string }
    const inPage = globalThis as unknown as {
      cspViolations: string[]
      document: { addEventListener(type: string, listener: (event: Violation) => void): void }
    }
    inPage.cspViolations = []
    inPage.document.addEventListener('securitypolicyviolation', (event) => inPage.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`))
  })
  return () => page.evaluate(() => (globalThis as unknown as { cspViolations: string[] }).cspViolations)
}

test("a workshop's guest page shows the document's images, and an image a guest pastes reaches the facilitator's app", async ({ browser, processes }) => {
  test.setTimeout(120_000)
  const relay = await processes.relay()
  const shell = await processes.shell()
  const host = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
  await host.goto(shell.url)
  await setProfile(host, { name: 'Ana Facilitator', city: 'Lagos' })
  await joinNetwork(host, relay.url, processes.invite(relay, { network: 'streets', role: 'facilitator', name: 'Ana Facilitator', city: 'Lagos' }))
  await expect(host.getByRole('status').filter({ hasText: 'You joined streets.' })).toBeVisible()
  await createDocument(host, { template: 'Workshop notes', title: 'Streets for people', network: 'streets' })
  await section(host, 'Discussion').click()
  await host.keyboard.type('What Oshodi built:')
  await paste(host, [{ name: 'oshodi.png', type: 'image/png', width: 1600, height: 900 }])
  const adding = host.getByRole('dialog', { name: 'Add an image' })
  await adding.getByLabel('Alt text').fill(STATION)
  await adding.getByRole('button', { name: 'Add image' }).click()
  await loaded(figures(host).first())
  await expect(host.locator('.document-status .badge')).toHaveText('Saved on the network', { timeout: 15_000 })

  await host.getByTestId('workshop-start').click()
  await host.getByTestId('workshop-start-confirm').click()
  const link = (await host.getByTestId('workshop-link').textContent())?.trim() ?? ''

  // A plain browser page: no shell, no library, only the link.
  const guest = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage()
  const violations = await notingViolations(guest)
  await guest.goto(link)
  const form = guest.getByTestId('guest-join')
  await form.getByLabel('Name').fill('Bo')
  await form.getByLabel('City').fill('Quito')
  await form.getByRole('button', { name: 'Join' }).click()
  const station = figures(guest).first()
  await expect(station.getByRole('img', { name: STATION })).toBeVisible({ timeout: 15_000 })
  await loaded(station)
  expect(await shown(station)).toEqual({ objectUrl: true, natural: [1600, 900], attributes: ['1600', '900'], alt: STATION })
  await station.scrollIntoViewIfNeeded()
  await guest.screenshot({ path: 'test-results/image-guest-shown.png' })

  // The guest adds one of their own, under their line at the end.
  await body(guest).locator('p').last().click()
  await guest.keyboard.press('End')
  await guest.keyboard.type('What we would like:')
  await paste(guest, [{ name: 'main-street.jpg', type: 'image/jpeg', width: 3000, height: 2000 }])
  const guestAdding = guest.getByRole('dialog', { name: 'Add an image' })
  await guestAdding.getByLabel('Alt text').fill(SKETCH)
  await guestAdding.getByRole('button', { name: 'Add image' }).click()
  await expect(figures(guest)).toHaveCount(2)
  const sketch = figures(guest).filter({ has: guest.getByRole('img', { name: SKETCH }) })
  await loaded(sketch)
  // Shrunk in the page as in the app: 2,400 px on its long side.
  expect(await shown(sketch)).toEqual({ objectUrl: true, natural: [2400, 1600], attributes: ['2400', '1600'], alt: SKETCH })
  await guest.screenshot({ path: 'test-results/image-guest-page.png' })

  // The facilitator's app has it from the relay.
  await host.getByRole('button', { name: 'Back to the document' }).click()
  const arrived = figures(host).filter({ has: host.getByRole('img', { name: SKETCH }) })
  await expect(arrived).toHaveCount(1, { timeout: 15_000 })
  await expect(arrived.locator('img')).toBeVisible({ timeout: 30_000 })
  await loaded(arrived)
  expect(await shown(arrived)).toEqual({ objectUrl: true, natural: [2400, 1600], attributes: ['2400', '1600'], alt: SKETCH })
  await arrived.scrollIntoViewIfNeeded()
  await host.screenshot({ path: 'test-results/image-guest-facilitator.png' })

  await expect(guest.getByRole('alert')).toHaveCount(0)
  expect(await violations()).toEqual([])
})
