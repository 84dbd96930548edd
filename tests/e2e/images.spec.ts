import type { Locator, Page } from '@playwright/test'
import { pngImage } from '../helpers/images.js'
import { body, createDocument, section, setProfile } from './support/pages.js'
import { expect, test } from './support/processes.js'

test.use({ viewport: { width: 1280, height: 900 } })

/** What makes an image in the page: a drawing of its size (so that a screenshot shows it), or an SVG with a script. */
type Made = { name: string; type: 'image/png' | 'image/jpeg'; width: number; height: number } | { name: string; svg: string }

/** The page's own classes used here: these tests are compiled without the DOM's types. */
interface InPage {
  DataTransfer: new () => { items: { add(file: unknown): void }; setData(type: string, data: string): void }
  File: new (parts: unknown[], name: string, options: { type: string }) => unknown
  OffscreenCanvas: new (
    width: number,
    height: number,
  ) => { getContext(type: '2d'): Canvas2d; convertToBlob(options: { type: string; quality: number }): Promise<unknown> }
  ClipboardEvent: new (type: string, init: object) => unknown
  DragEvent: new (type: string, init: object) => unknown
}

interface Canvas2d {
  fillStyle: unknown
  font: string
  createLinearGradient(x0: number, y0: number, x1: number, y1: number): { addColorStop(at: number, color: string): void }
  fillRect(x: number, y: number, width: number, height: number): void
  fillText(text: string, x: number, y: number): void
}

/** Files made in the page, as a clipboard or a drag holds them. */
function transfer(page: Page, files: Made[]) {
  return page.evaluateHandle(async (made) => {
    const { DataTransfer, File, OffscreenCanvas } = globalThis as unknown as InPage
    const data = new DataTransfer()
    for (const file of made) {
      if ('svg' in file) {
        data.items.add(new File([file.svg], file.name, { type: 'image/svg+xml' }))
        continue
      }
      const canvas = new OffscreenCanvas(file.width, file.height)
      const context = canvas.getContext('2d')
      const sky = context.createLinearGradient(0, 0, 0, file.height)
      sky.addColorStop(0, '#7db9e8')
      sky.addColorStop(1, '#f4e2c0')
      context.fillStyle = sky
      context.fillRect(0, 0, file.width, file.height)
      context.fillStyle = '#c2410c'
      context.fillRect(file.width * 0.1, file.height * 0.6, file.width * 0.8, file.height * 0.15)
      context.fillStyle = '#1d232a'
      context.font = `${Math.round(file.height / 8)}px sans-serif`
      context.fillText(`${file.width} × ${file.height}`, file.width * 0.1, file.height * 0.4)
      const blob = await canvas.convertToBlob({ type: file.type, quality: 0.9 })
      data.items.add(new File([blob], file.name, { type: file.type }))
    }
    return data
  }, files)
}

async function paste(page: Page, files: Made[]): Promise<void> {
  const data = await transfer(page, files)
  await body(page).evaluate((editor, clipboardData) => {
    const { ClipboardEvent } = globalThis as unknown as InPage
    editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }))
  }, data)
}

/** Drops the files on `target`, as a drag from the desktop would. */
async function drop(page: Page, target: Locator, files: Made[]): Promise<void> {
  const data = await transfer(page, files)
  await target.evaluate((element, dataTransfer) => {
    const { DragEvent } = globalThis as unknown as InPage
    const box = element.getBoundingClientRect()
    const at = { clientX: box.left + 5, clientY: box.top + box.height / 2, bubbles: true, cancelable: true, dataTransfer }
    element.dispatchEvent(new DragEvent('dragenter', at))
    element.dispatchEvent(new DragEvent('dragover', at))
    element.dispatchEvent(new DragEvent('drop', at))
  }, data)
}

const figures = (page: Page) => body(page).locator('figure.image')

/** What the image shown in a figure is: its object URL, its decoded size, and the size its attributes (the node's) say. */
function shown(figure: Locator) {
  return figure.locator('img').evaluate((image) => ({
    objectUrl: image.src.startsWith('blob:'),
    natural: [image.naturalWidth, image.naturalHeight],
    attributes: [image.getAttribute('width'), image.getAttribute('height')],
    alt: image.alt,
  }))
}

/** The section heading an image is under. */
function headingBefore(figure: Locator): Promise<string | null> {
  return figure.evaluate((element) => {
    let block = element.closest('.ProseMirror > *')?.previousElementSibling
    while (block && block.tagName !== 'H2') block = block.previousElementSibling
    return block?.textContent ?? null
  })
}

async function loaded(figure: Locator): Promise<void> {
  await expect(figure.locator('img')).toBeVisible()
  await expect.poll(async () => (await shown(figure)).natural[0]).toBeGreaterThan(0)
}

test('images pasted, dropped and picked are resized, stored, shown with their alt text and caption, and still there after a reload; an SVG is refused', async ({
  page,
  processes,
}) => {
  const shell = await processes.shell()
  await page.goto(shell.url)
  await setProfile(page, { name: 'Amara Okafor', city: 'Lagos' })
  await createDocument(page, { template: 'Case study', title: 'Lagos bus rapid transit' })
  await section(page, 'Summary').click()
  await page.keyboard.type('The corridor before the lanes.')

  // A 4,000 × 3,000 photo, pasted: its alt text is asked for, and may be left for later.
  await paste(page, [{ name: 'ikorodu-road.png', type: 'image/png', width: 4000, height: 3000 }])
  const adding = page.getByRole('dialog', { name: 'Add an image' })
  await expect(adding.getByRole('img', { name: 'The image to add' })).toBeVisible()
  await expect(adding.getByLabel('Alt text')).toBeFocused()
  await adding.getByRole('button', { name: 'Add image' }).click()
  await expect(adding).toHaveCount(0)

  const photo = figures(page).first()
  await loaded(photo)
  // Stored at 2,400 px on its long side, and its node says so.
  expect(await shown(photo)).toEqual({ objectUrl: true, natural: [2400, 1800], attributes: ['2400', '1800'], alt: '' })
  await expect(photo.getByText('Alt text missing')).toBeVisible()
  await page.screenshot({ path: 'test-results/image-alt-missing.png' })

  // Its alt text and caption, from the image.
  await photo.getByRole('button', { name: 'Edit alt text and caption' }).click()
  const details = page.getByRole('dialog', { name: 'Image details' })
  await details.getByLabel('Alt text').fill('The Ikorodu road at rush hour, four lanes of cars and no bus lane.')
  await details.getByLabel('Caption').fill('Ikorodu road, 2007: before the BRT.')
  await details.getByRole('button', { name: 'Done' }).click()
  await expect(details).toHaveCount(0)
  await expect(photo.locator('img')).toHaveAttribute('alt', 'The Ikorodu road at rush hour, four lanes of cars and no bus lane.')
  await expect(photo.locator('figcaption')).toHaveText('Ikorodu road, 2007: before the BRT.')
  await expect(photo.getByText('Alt text missing')).toHaveCount(0)

  // An SVG is refused, and the window says why; nothing is added.
  await section(page, 'Challenge').click()
  await paste(page, [{ name: 'network-map.svg', svg: '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><script>alert(1)</script></svg>' }])
  await expect(page.getByRole('alert')).toHaveText(
    /“network-map\.svg” was not added: SVG images are not accepted, because an SVG file can carry a script: save it as PNG or JPEG instead\./,
  )
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await page.screenshot({ path: 'test-results/image-svg-refused.png' })
  await page.getByRole('alert').getByRole('button', { name: 'Dismiss' }).click()

  // A JPEG dropped on a section goes there, and a small one is not enlarged.
  await drop(page, section(page, 'Challenge'), [{ name: 'platform.jpg', type: 'image/jpeg', width: 800, height: 600 }])
  const dropped = page.getByRole('dialog', { name: 'Add an image' })
  await dropped.getByLabel('Alt text').fill('A raised platform at Ikeja, level with the bus floor.')
  await dropped.getByRole('button', { name: 'Add image' }).click()
  await expect(figures(page)).toHaveCount(2)
  const platform = figures(page).nth(1)
  await loaded(platform)
  expect(await shown(platform)).toMatchObject({ objectUrl: true, natural: [800, 600], attributes: ['800', '600'] })
  expect(await headingBefore(platform)).toBe('Challenge')

  // Insert → Image, keeping the original file: a PNG of 3,000 px stays 3,000 px.
  await section(page, 'Results and evidence').click()
  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: 'Insert image' }).click()
  await (await chooser).setFiles({ name: 'ridership.png', mimeType: 'image/png', buffer: Buffer.from(pngImage(3000, 300)) })
  const picked = page.getByRole('dialog', { name: 'Add an image' })
  await picked.getByLabel('Alt text').fill('Daily riders, 2008 to 2012, rising from 100,000 to 200,000.')
  await picked.getByLabel('Keep the original file').check()
  await picked.getByRole('button', { name: 'Add image' }).click()
  await expect(figures(page)).toHaveCount(3)
  const chart = figures(page).nth(2)
  await loaded(chart)
  expect(await shown(chart)).toMatchObject({ natural: [3000, 300], attributes: ['3000', '300'] })

  await photo.scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/image-described.png' })

  // After a reload, the images are read again from the library.
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Lagos bus rapid transit' })).toBeVisible()
  await expect(figures(page)).toHaveCount(3)
  for (const figure of await figures(page).all()) await loaded(figure)
  expect(await shown(figures(page).first())).toEqual({
    objectUrl: true,
    natural: [2400, 1800],
    attributes: ['2400', '1800'],
    alt: 'The Ikorodu road at rush hour, four lanes of cars and no bus lane.',
  })
  await expect(figures(page).first().locator('figcaption')).toHaveText('Ikorodu road, 2007: before the BRT.')
  await page.screenshot({ path: 'test-results/image-after-reload.png', fullPage: true })
})

test('an image this device does not have yet is a box of its shape with its alt text, never a broken image', async ({ page, processes }) => {
  const shell = await processes.shell()
  await page.goto(shell.url)
  await setProfile(page, { name: 'Amara Okafor', city: 'Lagos' })
  await createDocument(page, { template: 'Case study', title: 'Lagos bus rapid transit' })
  await section(page, 'Summary').click()
  // A figure copied from another document, whose blob has not reached this device.
  const missing = 'ab'.repeat(32)
  await body(page).evaluate((editor, blob) => {
    const { DataTransfer, ClipboardEvent } = globalThis as unknown as InPage
    const clipboardData = new DataTransfer()
    clipboardData.setData('text/html', `<figure data-blob="${blob}" data-type="jpeg"><img alt="Map of the first corridor" width="1600" height="900"></figure>`)
    clipboardData.setData('text/plain', 'Map of the first corridor')
    editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }))
  }, missing)
  const figure = figures(page).first()
  const placeholder = figure.getByRole('img', { name: 'Map of the first corridor' })
  await expect(placeholder).toHaveText('Map of the first corridor')
  await expect(figure.locator('img')).toHaveCount(0)
  // The shape of the image to come: 16 by 9.
  const box = (await placeholder.boundingBox())!
  expect(box.width / box.height).toBeCloseTo(16 / 9, 1)
  await page.screenshot({ path: 'test-results/image-placeholder.png' })

  // Without its alt text, it says it is still to come.
  await figure.getByRole('button', { name: 'Edit alt text and caption' }).click()
  const details = page.getByRole('dialog', { name: 'Image details' })
  await details.getByLabel('Alt text').fill('')
  await details.getByRole('button', { name: 'Done' }).click()
  await expect(figure.getByRole('img', { name: 'Image not downloaded yet' })).toBeVisible()
  await expect(figure.getByText('Alt text missing')).toBeVisible()
})
