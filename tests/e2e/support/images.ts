import { expect, type Locator, type Page } from '@playwright/test'
import { body } from './pages.js'

/** Images in Casebook's window: made in the page, pasted or dropped on the body, and what is shown. */

/** What makes an image in the page: a drawing of its size (so that a screenshot shows it), or an SVG with a script. */
export type Made = { name: string; type: 'image/png' | 'image/jpeg'; width: number; height: number } | { name: string; svg: string }

/** The page's own classes used here: these tests are compiled without the DOM's types. */
export interface InPage {
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

export async function paste(page: Page, files: Made[]): Promise<void> {
  const data = await transfer(page, files)
  await body(page).evaluate((editor, clipboardData) => {
    const { ClipboardEvent } = globalThis as unknown as InPage
    editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }))
  }, data)
}

/** Drops the files on `target`, as a drag from the desktop would. */
export async function drop(page: Page, target: Locator, files: Made[]): Promise<void> {
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

export const figures = (page: Page) => body(page).locator('figure.image')

/** What the image shown in a figure is: its object URL, its decoded size, and the size its attributes (the node's) say. */
export function shown(figure: Locator) {
  return figure.locator('img').evaluate((image) => ({
    objectUrl: image.src.startsWith('blob:'),
    natural: [image.naturalWidth, image.naturalHeight],
    attributes: [image.getAttribute('width'), image.getAttribute('height')],
    alt: image.alt,
  }))
}

/** The section heading an image is under. */
export function headingBefore(figure: Locator): Promise<string | null> {
  return figure.evaluate((element) => {
    let block = element.closest('.ProseMirror > *')?.previousElementSibling
    while (block && block.tagName !== 'H2') block = block.previousElementSibling
    return block?.textContent ?? null
  })
}

export async function loaded(figure: Locator): Promise<void> {
  await expect(figure.locator('img')).toBeVisible()
  await expect.poll(async () => (await shown(figure)).natural[0]).toBeGreaterThan(0)
}
