import type { BrowserContext, Page } from '@playwright/test'

/**
 * What the scale bench watches for in the page, on the wall clock (performance.timeOrigin + now(),
 * the same clock as Node's), each noted after the frame that shows it has been painted (a task queued
 * from that animation frame):
 * - a list: the library screen (`section.library`) shows rows, `tr` or `[role="row"]` elements on
 *   screen holding a button whose text is a document's title, at least `minRows` of them, and the
 *   topmost of them is one of `titles`;
 * - other: such rows, the topmost of them none of `titles` (for a search: the list's topmost row
 *   before it, which holds not the word; a document that does may rank below its fuzzy and prefix
 *   matches, off screen);
 * - a text in the editable document body.
 * It also notes the last `input` event, every scroll event, and every long task (over 50 ms).
 */
interface Watch {
  name: string
  kind: 'rows' | 'other' | 'body'
  titles: string[]
  minRows: number
}

interface ScalePage {
  scaleMarks: Record<string, number>
  scaleWatches: Watch[]
  scaleLongTasks: { start: number; duration: number }[]
  scaleScrolls: number
  scaleInput: number
  /** The topmost row's title, when a list was last looked at. */
  scaleTopTitle: string
  innerHeight: number
  addEventListener(type: string, listener: () => void, options: object): void
  document: {
    querySelector(selector: string): { textContent: string | null } | null
    querySelectorAll(selector: string): Iterable<ScaleElement>
  }
  MutationObserver: new (callback: () => void) => { observe(node: unknown, options: object): void }
  PerformanceObserver: new (callback: (list: { getEntries(): { startTime: number; duration: number }[] }) => void) => { observe(options: object): void }
  requestAnimationFrame(callback: () => void): number
}

interface ScaleElement {
  textContent: string | null
  querySelector(selector: string): ScaleElement | null
  getBoundingClientRect(): { top: number; bottom: number; height: number }
}

function watchScalePage(first: Watch): void {
  const page = globalThis as unknown as ScalePage
  const now = () => performance.timeOrigin + performance.now()
  page.scaleMarks = {}
  page.scaleWatches = [first]
  page.scaleLongTasks = []
  page.scaleScrolls = 0
  page.scaleInput = 0
  page.addEventListener('input', () => (page.scaleInput = now()), { capture: true })
  page.addEventListener('scroll', () => (page.scaleScrolls += 1), { capture: true })
  new page.PerformanceObserver((list) => {
    for (const entry of list.getEntries()) page.scaleLongTasks.push({ start: performance.timeOrigin + entry.startTime, duration: entry.duration })
  }).observe({ type: 'longtask', buffered: true })
  const titleSets = new WeakMap<Watch, Set<string>>()
  const rowsShown = (watch: Watch) => {
    const titles = titleSets.get(watch) ?? new Set(watch.titles)
    titleSets.set(watch, titles)
    let top: { at: number; title: string } | null = null
    let count = 0
    for (const row of page.document.querySelectorAll('section.library tr, section.library [role="row"]')) {
      const title = row.querySelector('button')?.textContent?.trim()
      if (!title) continue
      const box = row.getBoundingClientRect()
      if (box.height === 0 || box.bottom <= 0 || box.top >= page.innerHeight) continue
      count += 1
      if (!top || box.top < top.at) top = { at: box.top, title }
    }
    if (top) page.scaleTopTitle = top.title
    return top !== null && count >= watch.minRows && titles.has(top.title) !== (watch.kind === 'other')
  }
  const bodyShows = (watch: Watch) => {
    const text = page.document.querySelector('.document-body[contenteditable="true"]')?.textContent ?? ''
    return watch.titles.every((wanted) => text.includes(wanted))
  }
  let scheduled = false
  const look = () => {
    scheduled = false
    for (const watch of page.scaleWatches.splice(0)) {
      if (watch.kind === 'body' ? bodyShows(watch) : rowsShown(watch)) setTimeout(() => (page.scaleMarks[watch.name] = now()))
      else page.scaleWatches.push(watch)
    }
  }
  new page.MutationObserver(() => {
    if (scheduled || !page.scaleWatches.length) return
    scheduled = true
    page.requestAnimationFrame(look)
  }).observe(page.document, { subtree: true, childList: true, characterData: true, attributes: true })
}

/**
 * Installs the watcher in every page of the context, watching from the start for `first`. tsx keeps
 * function names by wrapping functions in a helper the page does not have: the page gets a stand-in.
 */
export async function watchScale(context: BrowserContext, first: Watch): Promise<void> {
  await context.addInitScript({ content: `var __name = (target) => target;\n(${watchScalePage.toString()})(${JSON.stringify(first)})` })
}

/** Starts watching for something more (the caller makes sure it is not on screen already). */
export async function watchFor(page: Page, watch: Watch): Promise<void> {
  await page.evaluate((next) => (globalThis as unknown as ScalePage).scaleWatches.push(next), watch)
}

/** Waits for a mark, and returns it. */
export async function scaleMark(page: Page, name: string, timeout = 600_000): Promise<number> {
  const handle = await page.waitForFunction((wanted) => (globalThis as unknown as ScalePage).scaleMarks[wanted], name, { timeout, polling: 50 })
  return (await handle.jsonValue()) as number
}

/** The title of the list's topmost row when it was last seen drawn. */
export async function topRowTitle(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as ScalePage).scaleTopTitle)
}

export async function lastInput(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as ScalePage).scaleInput)
}

/**
 * Scrolls the list from where it is to its end with the mouse wheel, a flick of `step` pixels every
 * frame or so, until 10 flicks in a row scroll nothing; returns the longest task (over 50 ms; 0 if
 * none) that started meanwhile, and how many there were.
 */
export async function scrollToEnd(page: Page, step = 400): Promise<{ longest: number; count: number; flicks: number }> {
  const box = await page.locator('section.library').boundingBox()
  if (!box) throw new Error('the library screen is not shown')
  await page.mouse.move(box.x + box.width / 2, Math.min(box.y + box.height / 2, 600))
  const started = await page.evaluate(() => performance.timeOrigin + performance.now())
  const scrolls = () => page.evaluate(() => (globalThis as unknown as ScalePage).scaleScrolls)
  let flicks = 0
  for (let still = 0, seen = await scrolls(); still < 10 && flicks < 20_000; flicks += 1) {
    await page.mouse.wheel(0, step)
    await page.waitForTimeout(16)
    const now = await scrolls()
    still = now === seen ? still + 1 : 0
    seen = now
  }
  // Tasks that the last flicks started are reported once they end.
  await page.waitForTimeout(500)
  const tasks = await page.evaluate((from) => (globalThis as unknown as ScalePage).scaleLongTasks.filter((task) => task.start >= from), started)
  return { longest: Math.max(0, ...tasks.map((task) => task.duration)), count: tasks.length, flicks }
}
