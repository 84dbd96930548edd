import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { createDocument, joinNetwork, openDocument, section, setProfile } from './support/pages.js'
import { expect, test } from './support/processes.js'
import { docxParts } from '../helpers/docxParts.js'
import { wordComments, wordTextBetween } from '../helpers/wordComments.js'

const margin = (page: Page) => page.getByRole('complementary', { name: 'Comments' })
const thread = (page: Page, name: string) => margin(page).getByRole('article', { name: `Comment by ${name}` })

test('comments: a viewer comments on a sentence, the network’s facilitator replies and resolves it, and both see the same threads', async ({
  browser,
  processes,
}) => {
  const relay = await processes.relay()
  const [anaShell, vicShell] = [await processes.shell(), await processes.shell()]
  const ana = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage()
  const vic = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage()
  for (const [page, shell, person, role] of [
    // A facilitator: only the comment's author or a facilitator may resolve it (a member may not: tests/integration/sync/comments.test.ts).
    [ana, anaShell, { name: 'Ana Vera', city: 'Bogotá' }, 'facilitator'],
    [vic, vicShell, { name: 'Vic Soto', city: 'Lima' }, 'viewer'],
  ] as const) {
    await page.goto(shell.url)
    await setProfile(page, person)
    await joinNetwork(page, relay.url, processes.invite(relay, { network: 'brt', role, ...person }))
    await expect(page.getByRole('listitem', { name: 'brt' })).toContainText('Online')
  }

  await createDocument(ana, { template: 'Case study', title: 'Bogotá feeder lanes', network: 'brt' })
  await section(ana, 'Summary').click()
  await ana.keyboard.type('The feeder lanes cost four million dollars.')

  // Vic's body is read-only, but he selects the paragraph and comments on it with the shortcut.
  await openDocument(vic, 'Bogotá feeder lanes')
  const sentence = section(vic, 'Summary')
  await expect(sentence).toHaveText('The feeder lanes cost four million dollars.', { timeout: 15_000 })
  await expect(vic.getByRole('textbox', { name: 'Document body' })).toHaveAttribute('contenteditable', 'false')
  await sentence.selectText()
  await vic.keyboard.press('Control+Alt+M')
  await margin(vic).getByLabel('Your comment').fill('What did the feeder lanes cost per kilometre?')
  await margin(vic).getByRole('button', { name: 'Post' }).click()
  await expect(thread(vic, 'Vic Soto · Lima')).toContainText('What did the feeder lanes cost per kilometre?')

  // Ana sees it live, beside its sentence, with its author's name and city; the sentence is highlighted.
  await expect(thread(ana, 'Vic Soto · Lima')).toContainText('What did the feeder lanes cost per kilometre?', { timeout: 15_000 })
  await expect(ana.locator('.comment-highlight')).toHaveText('The feeder lanes cost four million dollars.')
  await expect(margin(ana)).toContainText('1 open')
  // The library counts the open threads.
  const row = (page: Page) => page.getByRole('table', { name: 'Documents' }).getByRole('row').filter({ hasText: 'Bogotá feeder lanes' })
  await ana.getByRole('button', { name: 'Library' }).click()
  await expect(row(ana)).toContainText('1 open comment')
  await openDocument(ana, 'Bogotá feeder lanes')
  await expect(ana.locator('.comment-highlight')).toHaveText('The feeder lanes cost four million dollars.')

  // Typing at both edges and inside keeps the comment on its words.
  await section(ana, 'Summary').click()
  await ana.keyboard.press('Home')
  await ana.keyboard.type('In 2024, ')
  await ana.keyboard.press('End')
  await ana.keyboard.type(' Unions agreed in May.')
  await expect(section(ana, 'Summary')).toHaveText('In 2024, The feeder lanes cost four million dollars. Unions agreed in May.')
  await expect(ana.locator('.comment-highlight')).toHaveText('The feeder lanes cost four million dollars.')
  await expect(vic.locator('.comment-highlight')).toHaveText('The feeder lanes cost four million dollars.', { timeout: 15_000 })

  await thread(ana, 'Vic Soto · Lima').getByLabel('Reply to this comment').fill('About 1.2 million dollars a kilometre.')
  await thread(ana, 'Vic Soto · Lima').getByRole('button', { name: 'Reply' }).click()
  const reply = thread(vic, 'Vic Soto · Lima').locator('.comment-entry-reply')
  await expect(reply.locator('.comment-byline strong')).toHaveText('Ana Vera · Bogotá', { timeout: 15_000 })
  await expect(reply.locator('.comment-body')).toHaveText('About 1.2 million dollars a kilometre.')
  await vic.screenshot({ path: join('test-results', 'comments-margin.png') })

  // Ana's Word export carries the open thread as a Word comment on its words, when she asks for it.
  await ana.getByText('Export', { exact: true }).click()
  await ana.getByLabel('Include open comments').click()
  await expect(ana.getByLabel('Include open comments')).toBeChecked()
  await ana.screenshot({ path: join('test-results', 'comments-export-menu.png') })
  const downloading = ana.waitForEvent('download')
  await ana.getByRole('list', { name: 'Export as' }).getByRole('button', { name: 'Word document (.docx)' }).click()
  const [documentXml, commentsXml] = await docxParts(await readFile(await (await downloading).path()), 'word/document.xml', 'word/comments.xml')
  expect(wordComments(commentsXml ?? '').map(({ author, text }) => `${author}: ${text}`)).toEqual([
    'Vic Soto (Lima): What did the feeder lanes cost per kilometre?',
    'Ana Vera (Bogotá): About 1.2 million dollars a kilometre.',
  ])
  expect(wordTextBetween(documentXml ?? '', wordComments(commentsXml ?? '')[0]!.id)).toBe('The feeder lanes cost four million dollars.')
  await margin(vic).screenshot({ path: join('test-results', 'comments-margin-only.png') })
  await expect(thread(vic, 'Vic Soto · Lima').getByRole('button', { name: 'Resolve' })).toBeVisible()
  await thread(ana, 'Vic Soto · Lima').getByRole('button', { name: 'Resolve' }).click()

  // Resolved, the thread leaves both margins and its highlight goes, until "Show resolved".
  for (const page of [vic, ana]) {
    await expect(thread(page, 'Vic Soto · Lima')).toHaveCount(0, { timeout: 15_000 })
    await expect(page.locator('.comment-highlight')).toHaveCount(0)
    await margin(page).getByLabel('Show resolved').click()
    await expect(thread(page, 'Vic Soto · Lima')).toContainText('Resolved')
  }
  // The same threads on both pages, and both may reopen it: Vic wrote it, Ana facilitates.
  const shown = async (page: Page) => margin(page).locator('.comment-entry, .comment-resolved').allInnerTexts()
  expect(await shown(ana)).toEqual(await shown(vic))
  expect(await shown(ana)).toHaveLength(3)
  for (const page of [vic, ana]) await expect(thread(page, 'Vic Soto · Lima').getByRole('button', { name: 'Reopen' })).toBeVisible()

  // The library counts open threads: none now.
  await ana.getByRole('button', { name: 'Library' }).click()
  await expect(row(ana)).toContainText('Bogotá feeder lanes')
  await expect(row(ana)).not.toContainText('open comment')
})
