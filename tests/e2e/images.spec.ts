import { readFile } from 'node:fs/promises'
import type { Download, Page } from '@playwright/test'
import JSZip from 'jszip'
import { pngImage } from '../helpers/images.js'
import { drop, figures, headingBefore, type InPage, loaded, paste, shown } from './support/images.js'
import { body, createDocument, section, setProfile } from './support/pages.js'
import { expect, test } from './support/processes.js'

test.use({ viewport: { width: 1280, height: 900 } })

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

  // Markdown with its images is a .zip: the text, and the images beside it.
  const bundle = await exportAs(page, 'Markdown (.md)')
  expect(bundle.download.suggestedFilename()).toBe('Lagos bus rapid transit.zip')
  const zip = await JSZip.loadAsync(bundle.bytes)
  expect(Object.keys(zip.files).filter((name) => name.startsWith('images/') && !name.endsWith('/'))).toHaveLength(3)

  // A version shows its images too, read-only: no button to change them.
  const history = page.getByRole('complementary', { name: 'Version history' })
  await page.getByRole('button', { name: 'History' }).click()
  await history.getByLabel('Save this text as a version').fill('With photos')
  await history.getByRole('button', { name: 'Save version' }).click()
  await history.getByRole('button', { name: /With photos/ }).click()
  await page.getByRole('region', { name: 'Version “With photos”' }).getByLabel('Show what changed since this version').uncheck()
  const version = page.getByRole('document', { name: 'Text of this version' })
  await expect(version.locator('figure.image')).toHaveCount(3)
  const versionPhoto = version.locator('figure.image').first()
  await loaded(versionPhoto)
  expect(await shown(versionPhoto)).toMatchObject({
    objectUrl: true,
    natural: [2400, 1800],
    alt: 'The Ikorodu road at rush hour, four lanes of cars and no bus lane.',
  })
  await expect(versionPhoto.locator('figcaption')).toHaveText('Ikorodu road, 2007: before the BRT.')
  await expect(version.getByRole('button', { name: 'Edit alt text and caption' })).toHaveCount(0)
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

  // Exported, the file is plain Markdown, and the window says which image it could not hold.
  const { download } = await exportAs(page, 'Markdown (.md)')
  expect(download.suggestedFilename()).toBe('Lagos bus rapid transit.md')
  await expect(page.locator('.export-status')).toHaveText(
    'Exported as Lagos bus rapid transit.md. 1 image is not on this device yet: its alt text stands in its place.',
  )
})

/** Chooses a format in the Export menu, and answers the file the browser was given to save. */
async function exportAs(page: Page, choice: string): Promise<{ download: Download; bytes: Buffer }> {
  await page.getByText('Export', { exact: true }).click()
  const downloading = page.waitForEvent('download')
  await page.getByRole('list', { name: 'Export as' }).getByRole('button', { name: choice }).click()
  const download = await downloading
  return { download, bytes: await readFile(await download.path()) }
}
