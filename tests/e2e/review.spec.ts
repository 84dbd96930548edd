import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { createDocument, joinNetwork, openDocument, section, setProfile } from './support/pages.js'
import { expect, test } from './support/processes.js'

const review = (page: Page) => page.getByRole('region', { name: 'Review' })
const statusOf = (page: Page, title: string) =>
  page.getByRole('table', { name: 'Documents' }).getByRole('row').filter({ hasText: title }).getByRole('cell').nth(2)

test('review: a member submits on one device, a facilitator reviews and publishes on another, and the member sees each step', async ({
  browser,
  processes,
}) => {
  const relay = await processes.relay()
  const [anaShell, fatimaShell] = [await processes.shell(), await processes.shell()]
  const ana = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
  const fatima = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
  for (const [page, shell, person, role] of [
    [ana, anaShell, { name: 'Ana Vera', city: 'Bogotá' }, 'member'],
    [fatima, fatimaShell, { name: 'Fatima Bello', city: 'Lagos' }, 'facilitator'],
  ] as const) {
    await page.goto(shell.url)
    await setProfile(page, person)
    await joinNetwork(page, relay.url, processes.invite(relay, { network: 'brt', role, name: person.name }))
    await expect(page.getByRole('listitem', { name: 'brt' })).toContainText('Online')
  }

  // Ana writes two case studies and submits both; the first one first.
  for (const title of ['Bogotá feeder lanes', 'Quito fare integration']) {
    await createDocument(ana, { template: 'Case study', title, network: 'brt' })
    await section(ana, 'Summary').click()
    await ana.keyboard.type(`${title}: what the city did and what it cost.`)
    await expect(review(ana).getByText('Draft', { exact: true })).toBeVisible()
    await review(ana).getByRole('button', { name: 'Submit for review' }).click()
    await expect(review(ana).getByText('Submitted', { exact: true })).toBeVisible()
    await expect(review(ana).getByRole('button', { name: 'Withdraw the submission' })).toBeVisible()
  }

  // Fatima's review queue lists them, the longest waiting first.
  await fatima.getByRole('button', { name: 'Library' }).click()
  await expect(fatima.getByRole('button', { name: 'Needs review (2)' })).toBeVisible({ timeout: 15_000 })
  await fatima.getByRole('button', { name: 'Needs review (2)' }).click()
  await expect(fatima.getByRole('heading', { level: 1, name: 'Needs review' })).toBeVisible()
  const titles = (page: Page) => page.getByRole('table', { name: 'Documents' }).getByRole('row').locator('td:first-child .link')
  await expect(titles(fatima)).toHaveText(['Bogotá feeder lanes', 'Quito fare integration'])
  // New to her, so marked as changed since she last looked.
  await expect(fatima.getByRole('table', { name: 'Documents' }).getByTitle('Changed since you last looked')).toHaveCount(2)
  await expect(fatima.getByRole('status').filter({ hasText: 'submitted for review' })).toHaveText('2 documents submitted for review, the longest waiting first')
  await fatima.screenshot({ path: join('test-results', 'review-queue.png') })

  // She takes the first into review with a note, which Ana sees.
  await fatima.getByRole('table', { name: 'Documents' }).getByRole('button', { name: 'Bogotá feeder lanes', exact: true }).click()
  await review(fatima).getByLabel('Note to the authors (optional)').fill('Needs costs and funding figures.')
  await review(fatima).getByRole('button', { name: 'Start the review' }).click()
  await expect(review(fatima).getByText('In review', { exact: true })).toBeVisible()
  await openDocument(ana, 'Bogotá feeder lanes')
  await expect(review(ana).getByText('In review', { exact: true })).toBeVisible({ timeout: 15_000 })
  await expect(review(ana).locator('blockquote')).toHaveText('Needs costs and funding figures.Note from Fatima Bello')
  await expect(review(ana).getByRole('button')).toHaveCount(0)

  // Published: both see it, and Ana's next edit marks it edited since.
  await review(fatima).getByRole('button', { name: 'Publish' }).click()
  await expect(review(fatima).getByText('Published', { exact: true })).toBeVisible()
  await expect(review(ana).getByText('Published', { exact: true })).toBeVisible({ timeout: 15_000 })
  await section(ana, 'Summary').click()
  await ana.keyboard.press('End')
  await ana.keyboard.type(' Costs: 4 million dollars.')
  await expect(review(ana).getByText('Edited since it was published', { exact: false })).toBeVisible()
  await ana.screenshot({ path: join('test-results', 'review-published.png') })

  await ana.getByRole('button', { name: 'Library' }).click()
  await expect(statusOf(ana, 'Bogotá feeder lanes')).toHaveText('Published')
  await expect(statusOf(ana, 'Quito fare integration')).toHaveText('Submitted')
  await fatima.getByRole('button', { name: 'Library' }).click()
  await fatima.getByRole('button', { name: 'Needs review (1)' }).click()
  await expect(titles(fatima)).toHaveText(['Quito fare integration'])

  // Fatima features it, gathers it in a collection, and gives the network its topics.
  await fatima.getByRole('table', { name: 'Documents' }).getByRole('button', { name: 'Quito fare integration', exact: true }).click()
  await openDocument(fatima, 'Bogotá feeder lanes')
  const curation = fatima.getByRole('group', { name: 'Curation in brt' })
  // Checked once the catalog holds it.
  await curation.getByLabel('Featured at the top of every member’s library').click()
  await expect(curation.getByLabel('Featured at the top of every member’s library')).toBeChecked()
  await curation.getByRole('button', { name: 'New collection…' }).click()
  await curation.getByLabel('Name of the collection').fill('BRT lessons 2026')
  await curation.getByLabel('What it gathers (optional)').fill('Case studies for the Lima workshop.')
  await curation.getByRole('button', { name: 'Create with this document' }).click()
  await expect(curation.getByLabel('In “BRT lessons 2026”')).toBeChecked()
  await fatima.getByRole('button', { name: 'Networks' }).click()
  await fatima.getByLabel('Topics of brt, which its documents’ details offer').fill('fares, feeder lanes')
  await fatima.getByRole('button', { name: 'Save topics' }).click()
  await expect(fatima.getByRole('status').filter({ hasText: 'Topics saved.' })).toBeVisible()

  // Ana's details of Quito offer the network's topics; taking one makes Quito her latest change.
  await openDocument(ana, 'Quito fare integration')
  const topics = ana.getByRole('list', { name: 'Topics of brt' })
  await expect(topics.getByRole('button')).toHaveText(['+ fares', '+ feeder lanes'], { timeout: 15_000 })
  await topics.getByRole('button', { name: '+ fares' }).click()
  await expect(ana.getByLabel('Topics', { exact: true })).toHaveValue('fares')
  await expect(topics.getByRole('button')).toHaveText(['+ feeder lanes'])

  // Her library still puts the featured Bogotá first, marked, and lists the collection.
  await ana.getByRole('button', { name: 'Library' }).click()
  await expect(titles(ana)).toHaveText(['Bogotá feeder lanes', 'Quito fare integration'])
  await expect(ana.getByRole('table', { name: 'Documents' }).getByRole('row').nth(1).locator('.featured-tag')).toHaveText('Featured')
  await ana.getByRole('combobox', { name: 'Collection' }).selectOption({ label: 'BRT lessons 2026 (brt)' })
  await expect(ana.getByText('Case studies for the Lima workshop.')).toBeVisible()
  await expect(titles(ana)).toHaveText(['Bogotá feeder lanes'])
  await ana.screenshot({ path: join('test-results', 'curation-library.png') })
})
