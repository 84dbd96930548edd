import type { Page } from '@playwright/test'
import { body, createDocument, joinNetwork, openDocument, placeCaretAtEnd, section, setProfile } from './support/pages.js'
import { expect, test } from './support/processes.js'

const SHELLS = [
  { name: 'Table Lagos', city: 'Lagos', color: '#c2410c' },
  { name: 'Table Bogotá', city: 'Bogotá', color: '#1d4ed8' },
  { name: 'Table Jakarta', city: 'Jakarta', color: '#047857' },
]
const PAGES_PER_SHELL = 4
const TYPING_MS = 20_000
const WORDS = ['bus', 'lane', 'depot', 'fare', 'route', 'shade', 'tree', 'bike', 'rail', 'ferry', 'kerb', 'stop']

/** The text of each block of the body, as the page shows it (carets' labels are drawn by CSS, not text). */
const blocks = (page: Page) => body(page).evaluate((element) => [...element.querySelectorAll('h2, p')].map((block) => block.textContent ?? ''))

test('(g) a workshop: 12 pages over three devices type at once for 20 s, and all converge without losing a character', async ({ browser, processes }) => {
  test.setTimeout(240_000)
  const relay = await processes.relay()
  const pages: Page[] = []
  for (const [index, person] of SHELLS.entries()) {
    const shell = await processes.shell()
    for (let n = 0; n < PAGES_PER_SHELL; n += 1) {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
      await page.goto(shell.url)
      if (n === 0) {
        await setProfile(page, person)
        await joinNetwork(
          page,
          relay.url,
          processes.invite(relay, { network: 'workshop', role: index === 0 ? 'facilitator' : 'member', name: person.name, city: person.city }),
        )
        await expect(page.getByRole('status').filter({ hasText: 'You joined workshop.' })).toBeVisible()
      }
      pages.push(page)
    }
  }
  // The facilitator sets out a line for each participant under Discussion.
  const tags = pages.map((_, index) => `P${String(index + 1).padStart(2, '0')}:`)
  await createDocument(pages[0]!, { template: 'Workshop notes', title: 'Streets for people', network: 'workshop' })
  await section(pages[0]!, 'Discussion').click()
  await pages[0]!.keyboard.type(tags.join('\n'))
  for (const page of pages.slice(1)) {
    await page.getByRole('button', { name: 'Library' }).click()
    await expect(page.getByRole('button', { name: 'Streets for people', exact: true })).toBeVisible({ timeout: 15_000 })
    await openDocument(page, 'Streets for people')
    await expect(body(page).locator('p', { hasText: tags.at(-1)! })).toBeVisible()
  }

  const typed = await Promise.all(
    pages.map(async (page, index) => {
      await placeCaretAtEnd(page, tags[index]!)
      let text = tags[index]!
      const end = Date.now() + TYPING_MS
      for (let word = index; Date.now() < end; word += 1) {
        const next = ` ${WORDS[word % WORDS.length]}${word}`
        await page.keyboard.type(next)
        text += next
      }
      return text
    }),
  )

  const everyPage = () => Promise.all(pages.map(blocks))
  await expect
    .poll(async () => new Set((await everyPage()).map((list) => JSON.stringify(list))).size, { timeout: 60_000, message: 'every page shows the same text' })
    .toBe(1)
  const [final] = await everyPage()
  for (const text of typed) expect(final, `a paragraph holds exactly what ${text.slice(0, 3)} typed`).toContain(text)
  console.log(`(g) ${typed.reduce((sum, text) => sum + text.length, 0)} characters typed in ${TYPING_MS / 1000} s by ${pages.length} pages`)
  // Twelve Chromium pages share this machine's two cores, a few keystrokes a second each: enough to
  // show that everyone typed throughout.
  for (const text of typed) expect(text.length, `${text.slice(0, 3)} typed all along`).toBeGreaterThanOrEqual(tags[0]!.length + 12)
})
