import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { SECTIONS } from '../../src/shared/model/kinds.js'
import { createDocument, joinNetwork, openDocument, section, setProfile } from './support/pages.js'
import { expect, test } from './support/processes.js'

async function openDashboard(page: Page, network: string) {
  await page.getByRole('button', { name: 'Networks' }).click()
  await page.getByRole('button', { name: `Dashboard of ${network}` }).click()
  const dashboard = page.locator('section.dashboard')
  await expect(dashboard.getByRole('heading', { level: 1, name: `Dashboard of ${network}` })).toBeVisible()
  return dashboard
}

/** The page's globals that decoding a PNG takes, typed here: the tests compile without the DOM's types. */
interface CanvasPage {
  Image: new () => { src: string; decode(): Promise<void>; naturalWidth: number; naturalHeight: number }
  document: {
    createElement(tag: 'canvas'): {
      width: number
      height: number
      getContext(type: '2d'): {
        drawImage(image: unknown, x: number, y: number): void
        getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray }
      }
    }
  }
}

/** How many of a PNG's pixels are not white, decoded by the page's own canvas. */
function inkedPixels(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (base64) => {
    const { Image, document } = globalThis as unknown as CanvasPage
    const image = new Image()
    image.src = `data:image/png;base64,${base64}`
    await image.decode()
    const canvas = document.createElement('canvas')
    canvas.width = image.naturalWidth
    canvas.height = image.naturalHeight
    const context = canvas.getContext('2d')
    context.drawImage(image, 0, 0)
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height)
    let inked = 0
    for (let index = 0; index < data.length; index += 4) if (data[index]! < 200 || data[index + 1]! < 200 || data[index + 2]! < 200) inked += 1
    return inked
  }, png.toString('base64'))
}

const details = (page: Page) => page.getByRole('complementary', { name: 'Document details' })

test("adapt for my city: Quito adapts Lagos's case study into another network, and Lagos sees it adapted through the relay, without its content", async ({
  browser,
  processes,
}) => {
  const relay = await processes.relay()
  const [fatimaShell, anaShell] = [await processes.shell(), await processes.shell()]
  const fatima = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage()
  const ana = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage()

  // Fatima, in Lagos, is only in brt. Ana, in Quito, reads brt and writes in andes.
  await fatima.goto(fatimaShell.url)
  await setProfile(fatima, { name: 'Fatima Bello', city: 'Lagos' })
  await joinNetwork(fatima, relay.url, processes.invite(relay, { network: 'brt', role: 'facilitator', name: 'Fatima Bello', city: 'Lagos' }))
  await ana.goto(anaShell.url)
  await setProfile(ana, { name: 'Ana Vera', city: 'Quito' })
  await joinNetwork(ana, relay.url, processes.invite(relay, { network: 'brt', role: 'viewer', name: 'Ana Vera', city: 'Quito' }))
  await joinNetwork(ana, relay.url, processes.invite(relay, { network: 'andes', role: 'member', name: 'Ana Vera', city: 'Quito' }))
  for (const network of ['brt', 'andes']) await expect(ana.getByRole('listitem', { name: network })).toContainText('Online')

  await createDocument(fatima, { template: 'Case study', title: 'Lagos BRT lite', network: 'brt' })
  await details(fatima).getByLabel('City').fill('Lagos')
  await details(fatima).getByLabel('City').press('Tab')
  await section(fatima, 'Summary').click()
  await fatima.keyboard.type('Lagos ran buses in their own lanes on existing roads.')
  await section(fatima, 'Transferability').click()
  await fatima.keyboard.type('Works wherever a city controls its arterial roads.')

  // Ana finds it in her library once brt syncs, and adapts it into andes.
  await ana.getByRole('button', { name: 'Library' }).click()
  await expect(ana.getByRole('table', { name: 'Documents' }).getByRole('button', { name: 'Lagos BRT lite', exact: true })).toBeVisible({ timeout: 15_000 })
  await openDocument(ana, 'Lagos BRT lite')
  await expect(section(ana, 'Transferability')).toHaveText('Works wherever a city controls its arterial roads.', { timeout: 15_000 })
  await ana.getByRole('button', { name: 'Adapt for my city' }).click()
  const dialog = ana.getByRole('dialog', { name: 'Adapt for my city' })
  await expect(dialog.getByLabel('Title')).toHaveValue('Lagos BRT lite: adapted for Quito')
  await expect(dialog.getByLabel('Title')).toBeFocused()
  await expect(dialog.getByLabel('City')).toHaveValue('Quito')
  await dialog.getByLabel('Share in').selectOption('andes')
  await ana.screenshot({ path: join('test-results', 'adapt-dialog.png') })
  await dialog.getByRole('button', { name: 'Create adaptation' }).click()

  // The adaptation opens: the source's sections, its Transferability quoted, and where it came from.
  await expect(ana.getByRole('heading', { level: 1, name: 'Lagos BRT lite: adapted for Quito' })).toBeVisible()
  await expect(ana.locator('.ProseMirror blockquote')).toHaveText('Works wherever a city controls its arterial roads.')
  // Lagos's case study was made from the English template: its sections, in its order.
  await expect(ana.locator('.ProseMirror h2')).toHaveText([...SECTIONS.en['case-study']])
  await expect(details(ana).getByRole('region', { name: 'Adaptations' })).toHaveText('Adapted from Lagos BRT lite (Lagos)')
  await ana.screenshot({ path: join('test-results', 'adaptation-opened.png') })

  // Lagos's case study now says Quito adapted it: a city only, since Fatima cannot open andes's document.
  const adaptations = details(fatima).getByRole('region', { name: 'Adaptations' })
  await expect(adaptations).toHaveText('Adapted by 1 city: Quito', { timeout: 15_000 })
  await expect(adaptations.getByRole('button')).toHaveCount(0)
  await fatima.screenshot({ path: join('test-results', 'adapted-by.png') })
  // Nothing of the adaptation reached her library.
  await fatima.getByRole('button', { name: 'Library' }).click()
  await expect(fatima.getByRole('table', { name: 'Documents' }).getByRole('button', { name: 'Lagos BRT lite: adapted for Quito' })).toHaveCount(0)

  // Fatima's dashboard of brt counts the case study and its reach; publishing it moves the counts.
  const dashboard = await openDashboard(fatima, 'brt')
  const statusCount = (status: string) => dashboard.getByRole('table', { name: 'Documents by status' }).getByRole('row', { name: status })
  await expect(statusCount('Draft')).toHaveText('Draft1')
  await expect(statusCount('Published')).toHaveText('Published0')
  await expect(dashboard.locator('.reach-list li')).toHaveText(['Lagos BRT litefrom Lagos1 adaptation, by Quito'])
  await expect(dashboard.getByRole('figure', { name: 'Documents per month' }).locator('svg[role=img]')).toBeVisible()
  await fatima.screenshot({ path: join('test-results', 'dashboard-before-publishing.png'), fullPage: true })
  await openDocument(fatima, 'Lagos BRT lite')
  const review = fatima.getByRole('region', { name: 'Review' })
  await review.getByRole('button', { name: 'Start the review' }).click()
  await expect(review.getByText('In review', { exact: true })).toBeVisible()
  await review.getByRole('button', { name: 'Publish' }).click()
  await expect(review.getByText('Published', { exact: true })).toBeVisible()
  await openDashboard(fatima, 'brt')
  await expect(statusCount('Published')).toHaveText('Published1')
  await expect(statusCount('Draft')).toHaveText('Draft0')
  await expect(dashboard.locator('.activity-list li').first()).toContainText('Published')
  await dashboard.getByRole('figure', { name: 'Documents by status' }).getByText('Table').click()
  await fatima.screenshot({ path: join('test-results', 'dashboard-after-publishing.png'), fullPage: true })

  // The chart saved as a PNG: twice the SVG's size, and drawn, not a blank canvas.
  const byStatus = dashboard.getByRole('figure', { name: 'Documents by status' })
  const downloading = fatima.waitForEvent('download')
  await byStatus.getByRole('button', { name: 'Save as PNG' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe('brt-by-status.png')
  const png = await readFile(await download.path())
  await writeFile(join('test-results', 'dashboard-by-status.png'), png)
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  const svgWidth = Number(await byStatus.locator('.chart-image > svg').getAttribute('width'))
  expect([png.readUInt32BE(16), svgWidth]).toEqual([2 * svgWidth, expect.any(Number)])
  expect(await inkedPixels(fatima, png)).toBeGreaterThan(1000)

  // Ana, who holds both, can go from the source to her adaptation by its city.
  await openDocument(ana, 'Lagos BRT lite')
  await details(ana).getByRole('region', { name: 'Adaptations' }).getByRole('button', { name: 'Quito' }).click()
  await expect(ana.getByRole('heading', { level: 1, name: 'Lagos BRT lite: adapted for Quito' })).toBeVisible()
})
