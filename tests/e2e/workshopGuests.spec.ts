import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { body, createDocument, joinNetwork, placeCaretAtEnd, section, setProfile } from './support/pages.js'
import { expect, test } from './support/processes.js'

const GUESTS = 8
const TYPING_MS = 15_000
const WORDS = ['bus', 'lane', 'depot', 'fare', 'route', 'shade', 'tree', 'bike', 'rail', 'ferry', 'kerb', 'stop']
/** The guest who reloads its page halfway through. */
const RELOADER = 2

/** The text of each block of the body, as the page shows it (carets' labels are drawn by CSS, not text). */
const blocks = (page: Page) => body(page).evaluate((element) => [...element.querySelectorAll('h2, p')].map((block) => block.textContent ?? ''))

test('(w) a facilitator starts a workshop in the app; eight guests join by its link in plain browser pages, type for 15 s (one reloading midway), converge, and are told when it ends', async ({
  browser,
  processes,
}) => {
  test.setTimeout(300_000)
  const relay = await processes.relay()
  const shell = await processes.shell()
  const host = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
  await host.goto(shell.url)
  await setProfile(host, { name: 'Ana Facilitator', city: 'Lagos' })
  await joinNetwork(host, relay.url, processes.invite(relay, { network: 'streets', role: 'facilitator', name: 'Ana Facilitator', city: 'Lagos' }))
  await expect(host.getByRole('status').filter({ hasText: 'You joined streets.' })).toBeVisible()
  await createDocument(host, { template: 'Workshop notes', title: 'Streets for people', network: 'streets' })
  // A line for each guest under Discussion, then the document on the relay before the workshop starts.
  const tags = Array.from({ length: GUESTS }, (_, index) => `G${index + 1}:`)
  await section(host, 'Discussion').click()
  await host.keyboard.type(tags.join('\n'))
  await expect(host.locator('.document-status .badge')).toHaveText('Saved on the network', { timeout: 15_000 })

  await host.getByTestId('workshop-start').click()
  await host.getByTestId('workshop-start-confirm').click()
  const code = (await host.getByTestId('workshop-code').textContent())?.trim() ?? ''
  expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/)
  const link = (await host.getByTestId('workshop-link').textContent())?.trim() ?? ''
  expect(link).toBe(`${relay.url.replace('ws://', 'http://')}/w/${code}`)

  const guests: Page[] = []
  for (let index = 0; index < GUESTS; index += 1) {
    // A plain browser page each: no shell, no library, only the link.
    const page = await (await browser.newContext({ viewport: { width: 1100, height: 760 } })).newPage()
    await page.goto(link)
    const form = page.getByTestId('guest-join')
    await form.getByLabel('Name').fill(`Guest ${index + 1}`)
    await form.getByLabel('City').fill(['Quito', 'Jakarta', 'Accra', 'Lima'][index % 4]!)
    if (index === 0) await page.screenshot({ path: join('test-results', 'workshop-guest-join.png') })
    await form.getByRole('button', { name: 'Join' }).click()
    await expect(body(page).locator('p', { hasText: tags.at(-1)! })).toBeVisible({ timeout: 15_000 })
    guests.push(page)
  }
  await expect(host.getByTestId('workshop-guest')).toHaveCount(GUESTS, { timeout: 10_000 })
  // The facilitator goes back to the document, to see the guests' words come in.
  await host.getByRole('button', { name: 'Back to the document' }).click()
  await expect(body(host)).toBeVisible()

  const typed = await Promise.all(
    guests.map(async (page, index) => {
      const tag = tags[index]!
      await placeCaretAtEnd(page, tag)
      let text = tag
      const start = Date.now()
      let reloaded = index !== RELOADER
      for (let word = index; Date.now() < start + TYPING_MS; word += 1) {
        if (!reloaded && Date.now() > start + TYPING_MS / 2) {
          reloaded = true
          // What it typed is there again after the reload, from this browser's own copy or the relay's.
          await page.reload()
          await expect(body(page).locator('p', { hasText: text })).toBeVisible({ timeout: 15_000 })
          await placeCaretAtEnd(page, tag)
        }
        const next = ` ${WORDS[word % WORDS.length]}${word}`
        await page.keyboard.type(next)
        text += next
      }
      return text
    }),
  )

  const everyPage = () => Promise.all([host, ...guests].map(blocks))
  await expect
    .poll(async () => new Set((await everyPage()).map((list) => JSON.stringify(list))).size, { timeout: 60_000, message: 'every page shows the same text' })
    .toBe(1)
  const [final] = await everyPage()
  for (const text of typed) expect(final, `a paragraph holds exactly what ${text.slice(0, 3)} typed`).toContain(text)
  for (const text of typed) expect(text.length, `${text.slice(0, 3)} typed all along`).toBeGreaterThanOrEqual(tags[0]!.length + 12)
  console.log(`(w) ${typed.reduce((sum, text) => sum + text.length, 0)} characters typed in ${TYPING_MS / 1000} s by ${GUESTS} guests`)
  await guests[0]!.screenshot({ path: join('test-results', 'workshop-guest.png') })

  await host.getByTestId('workshop-running').click()
  await host.getByTestId('workshop-projector').click()
  const projector = host.getByTestId('workshop-projector-view')
  await expect(projector).toContainText(code)
  await expect(projector.getByRole('img')).toBeVisible()
  await host.screenshot({ path: join('test-results', 'workshop-projector.png') })
  await host.keyboard.press('Escape')
  await expect(projector).toBeHidden()
  await host.screenshot({ path: join('test-results', 'workshop-view.png') })

  await host.getByTestId('workshop-end').click()
  await host.getByTestId('workshop-end-confirm').click()
  await expect(host.getByTestId('workshop-ended')).toBeVisible()
  await host.getByRole('button', { name: 'Back to the document' }).click()
  for (const page of guests) {
    await expect(page.getByTestId('guest-ended')).toContainText('This workshop ended at', { timeout: 5_000 })
    await expect(body(page)).toHaveAttribute('contenteditable', 'false')
  }
  await guests[0]!.screenshot({ path: join('test-results', 'workshop-guest-ended.png') })
  // The document stays, with everything the guests typed.
  await expect.poll(() => blocks(host)).toEqual(final)
})
