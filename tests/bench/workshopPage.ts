import type { BrowserContext, Page } from '@playwright/test'

/**
 * What the workshop bench notes in the guest page, on the wall clock (performance.timeOrigin +
 * now(), the same clock as Node's), each after the frame that shows it has been painted: what is to
 * be drawn is read in an animation frame, right before that frame's paint, and a task queued from it
 * runs after the paint.
 * - `form`: the join form's name field is on screen;
 * - `submit`: the join form was sent (a submit event, noted as it comes);
 * - `editable`: the document body is editable and shows `text`;
 * - for each paragraph of the body, by its tag (its first `tagLength` characters), the first paint at
 *   which it held each length: `paints[tag][length]`;
 * - every keydown, at the event's own time stamp (when the browser took the key, before the page's
 *   busy main thread got to it).
 */
export interface WatchOptions {
  nameField: string
  text: string
  tagLength: number
}

interface GuestPage {
  workshopMarks: Record<string, number>
  workshopPaints: Record<string, number[]>
  workshopKeys: number[]
  addEventListener(type: string, listener: (event: { timeStamp: number }) => void, options: object): void
  document: { querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): Iterable<PageElement> }
  MutationObserver: new (callback: () => void) => { observe(node: unknown, options: object): void }
  requestAnimationFrame(callback: () => void): number
}

interface PageElement {
  textContent: string | null
  checkVisibility(): boolean
}

const BODY = '.document-body[contenteditable="true"]'

function watchGuestPage({ nameField, text, tagLength }: WatchOptions, body: string): void {
  const page = globalThis as unknown as GuestPage
  const now = () => performance.timeOrigin + performance.now()
  const marks: Record<string, number> = {}
  const paints: Record<string, number[]> = {}
  const keys: number[] = []
  Object.assign(page, { workshopMarks: marks, workshopPaints: paints, workshopKeys: keys })
  page.addEventListener('submit', () => (marks['submit'] ??= now()), { capture: true })
  page.addEventListener('keydown', (event) => keys.push(performance.timeOrigin + event.timeStamp), { capture: true })
  let scheduled = false
  const look = () => {
    scheduled = false
    const shown: string[] = []
    if (!marks['form'] && page.document.querySelector(nameField)?.checkVisibility()) shown.push('form')
    if (!marks['editable'] && page.document.querySelector(body)?.textContent?.includes(text)) shown.push('editable')
    // Every paragraph is read: ProseMirror may redraw a paragraph by replacing it, a change whose
    // target is the body, not the paragraph. Some 50 reads a frame cost next to nothing.
    const texts = [...page.document.querySelectorAll(`${body} p`)].map((paragraph) => paragraph.textContent ?? '')
    setTimeout(() => {
      const at = now()
      for (const name of shown) marks[name] = at
      for (const paragraph of texts) {
        const tag = paragraph.slice(0, tagLength)
        const list = paints[tag] ?? []
        paints[tag] = list
        for (let length = list.length; length <= paragraph.length; length += 1) list[length] = at
      }
    })
  }
  new page.MutationObserver(() => {
    if (!scheduled) page.requestAnimationFrame(look)
    scheduled = true
  }).observe(page.document, { subtree: true, childList: true, characterData: true, attributes: true })
}

/**
 * Installs the watcher in every page of the context. tsx keeps function names by wrapping functions in
 * a helper the page does not have: the page gets a stand-in for it.
 */
export async function watchGuest(context: BrowserContext, options: WatchOptions): Promise<void> {
  await context.addInitScript({
    content: `var __name = (target) => target;\n(${watchGuestPage.toString()})(${JSON.stringify(options)}, ${JSON.stringify(BODY)})`,
  })
}

/** Waits for a mark, and returns it. */
export async function guestMark(page: Page, name: string, timeout = 60_000): Promise<number> {
  const handle = await page.waitForFunction((wanted) => (globalThis as unknown as GuestPage).workshopMarks[wanted], name, { timeout, polling: 50 })
  return (await handle.jsonValue()) as number
}

/** The paints and keys noted so far. */
export async function guestPaints(page: Page): Promise<{ paints: Record<string, number[]>; keys: number[] }> {
  return page.evaluate(() => {
    const { workshopPaints, workshopKeys } = globalThis as unknown as GuestPage
    return { paints: workshopPaints, keys: workshopKeys }
  })
}

/** Waits until each paragraph (by tag) has been painted at least at the given length. */
export async function paintedTo(page: Page, lengths: Record<string, number>, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (wanted) => {
      const { workshopPaints } = globalThis as unknown as GuestPage
      return Object.entries(wanted).every(([tag, length]) => (workshopPaints[tag]?.length ?? 0) > length)
    },
    lengths,
    { timeout, polling: 100 },
  )
}
