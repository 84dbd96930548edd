import { chromium, type Browser } from '@playwright/test'
import { Node } from '@tiptap/pm/model'
import { Library } from '../../src/main/library/library.js'
import { BodyPositions } from '../../src/shared/model/commentAnchor.js'
import { newDocumentContent, readBody } from '../../src/shared/model/documentBody.js'
import { schema } from '../../src/shared/model/schema.js'
import { startProcesses, type Processes } from '../e2e/support/processes.js'
import { chromiumLaunchOptions } from '../helpers/chromium.js'
import { figure, report } from './report.js'

/**
 * A document with 500 comment threads (`BENCH_ONLY=comments`), in Chromium through the browser shell:
 * from clicking it in the library to its body's first paint, and to every thread laid out in the
 * margin, and the longest frame meanwhile; then the longest frame (the longest gap between two animation frames) and the longest task
 * (Long Tasks API) while it is scrolled from top to bottom with the mouse wheel. The reference is the
 * same document without comments, in the same library and run. The target is no frame over 50 ms.
 */
const THREADS = 500
const WHEEL_STEPS = 80
const COMMENTED = 'Commented case study'
const PLAIN = 'Plain case study'

export async function commentsBench(runs: number): Promise<void> {
  const browser = await chromium.launch(chromiumLaunchOptions())
  const { processes, stopAll } = startProcesses()
  const samples = { painted: [] as number[], laid: [] as number[], opening: [] as number[], frame: [] as number[], task: [] as number[] }
  const reference = { painted: [] as number[], opening: [] as number[], frame: [] as number[], task: [] as number[] }
  try {
    const dataDir = processes.tempDir()
    process.stderr.write(`comments: writing a document with ${THREADS} threads\n`)
    await writeLibrary(dataDir)
    for (let run = 1; run <= runs; run += 1) {
      process.stderr.write(`comments: run ${run} of ${runs}\n`)
      const commented = await openAndScroll(browser, processes, dataDir, COMMENTED)
      const plain = await openAndScroll(browser, processes, dataDir, PLAIN)
      samples.painted.push(commented.painted)
      samples.laid.push(commented.laid)
      samples.opening.push(commented.opening)
      reference.opening.push(plain.opening)
      samples.frame.push(commented.frame)
      samples.task.push(commented.task)
      reference.painted.push(plain.painted)
      reference.frame.push(plain.frame)
      reference.task.push(plain.task)
    }
  } finally {
    await stopAll()
    await browser.close()
  }
  const without = 'the same document without comments'
  await report('comments', runs, [
    figure(`open a document with ${THREADS} threads: body first painted`, 'ms', samples.painted, { name: without, values: reference.painted }),
    figure(`open it: every thread laid out in the margin`, 'ms', samples.laid, { name: `${without}, body painted`, values: reference.painted }),
    figure('open it: longest frame until every thread is laid out', 'ms', samples.opening, {
      name: `${without}, until its body is painted`,
      values: reference.opening,
    }),
    figure('scroll it top to bottom: longest frame', 'ms', samples.frame, { name: without, values: reference.frame }, '≤ 50 ms'),
    figure('scroll it top to bottom: longest task', 'ms', samples.task, { name: without, values: reference.task }),
  ])
}

/** Two private case studies of 500 paragraphs each; the first with a thread on a phrase of each paragraph, and a reply to every other one. */
async function writeLibrary(dataDir: string): Promise<void> {
  const library = await Library.open(dataDir)
  try {
    const paragraphs = Array.from({ length: THREADS }, (_, index) => ({
      type: 'paragraph',
      content: [
        {
          type: 'text',
          text: `Paragraph ${index + 1}: the feeder lanes of district ${index % 17} carried ${1000 + index * 37} riders a day after the city moved its buses off the main road, and the unions agreed to the new shifts in May.`,
        },
      ],
    }))
    const body = { type: 'doc', content: paragraphs }
    await library.create(newDocumentContent({ kind: 'case-study', title: PLAIN }, body))
    const id = await library.create(newDocumentContent({ kind: 'case-study', title: COMMENTED }, body))
    const handle = await library.open(id)
    const ranges: { from: number; to: number }[] = []
    Node.fromJSON(schema, readBody(handle.doc)).descendants((node, pos) => {
      const at = node.isText ? node.text!.indexOf('feeder lanes') : -1
      if (at >= 0) ranges.push({ from: pos + at, to: pos + at + 'feeder lanes'.length })
    })
    const positions = new BodyPositions(handle.doc)
    const anchors = ranges.map(({ from, to }) => positions.anchorOf(from, to))
    await handle.close()
    const at = Date.UTC(2026, 10, 1)
    for (const [index, anchor] of anchors.entries()) {
      const thread = (index * 2).toString(16).padStart(16, '0')
      const who = { by: `Member ${index % 40}`, city: 'Lagos', role: 'member' as const }
      await library.addComment(id, {
        id: thread,
        ...who,
        kind: 'comment',
        thread,
        anchor,
        quote: 'feeder lanes',
        body: `Question ${index + 1}: what did these lanes cost?`,
        at: at + index,
      })
      if (index % 2 === 0) {
        const reply = (index * 2 + 1).toString(16).padStart(16, '0')
        await library.addComment(id, { id: reply, ...who, kind: 'reply', thread, body: 'About a million dollars a kilometre.', at: at + index + 1 })
      }
    }
  } finally {
    await library.close()
  }
}

async function openAndScroll(browser: Browser, processes: Processes, dataDir: string, title: string) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  const shell = await processes.shell(dataDir)
  try {
    const page = await context.newPage()
    // tsx wraps named functions in a helper the page lacks: the page gets a stand-in for it.
    await page.addInitScript({ content: `var __name = (target) => target;\n(${watchFrames.toString()})()` })
    await page.goto(shell.url)
    const open = page.getByRole('table', { name: 'Documents' }).getByRole('button', { name: title, exact: true })
    await open.waitFor()
    await page.evaluate(() => Object.assign(globalThis, { longestTask: 0, longestFrame: 0, lastFrame: 0 }))
    const clicked = performance.now()
    await open.click()
    await page.locator('.document-body p').first().waitFor()
    const painted = performance.now() - clicked
    if (title === COMMENTED)
      await page.waitForFunction((count) => {
        const { document } = globalThis as unknown as { document: { querySelectorAll(selector: string): { length: number } } }
        return document.querySelectorAll('.comment-card').length === count && document.querySelectorAll('.comment-highlight').length === count
      }, THREADS)
    const laid = performance.now() - clicked
    const opening = await page.evaluate(() => (globalThis as unknown as Watched).longestFrame)
    // Only the scrolling counts: what opening it took is forgotten.
    await page.evaluate(() => Object.assign(globalThis, { longestTask: 0, longestFrame: 0, lastFrame: 0 }))
    await page.locator('.document-body').hover()
    for (let step = 0; step < WHEEL_STEPS; step += 1) {
      await page.mouse.wheel(0, 800)
      await page.waitForTimeout(16)
    }
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100))))
    const { longestTask, longestFrame } = await page.evaluate(() => {
      const { longestTask, longestFrame } = globalThis as unknown as Watched
      return { longestTask, longestFrame }
    })
    return { painted, laid, opening, frame: longestFrame, task: longestTask }
  } finally {
    await context.close()
    await shell.stop()
  }
}

interface Watched {
  longestTask: number
  longestFrame: number
  lastFrame: number
  requestAnimationFrame(callback: (now: number) => void): number
}

/** In the page: the longest task (Long Tasks API) and the longest gap between two animation frames, since last reset to 0. */
function watchFrames(): void {
  const page = globalThis as unknown as Watched
  Object.assign(page, { longestTask: 0, longestFrame: 0, lastFrame: 0 })
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) page.longestTask = Math.max(page.longestTask, entry.duration)
    // Node's types, which this file is checked with, know no 'longtask'; the page's Chromium does.
  }).observe({ type: 'longtask' as never })
  const frame = (now: number) => {
    if (page.lastFrame) page.longestFrame = Math.max(page.longestFrame, now - page.lastFrame)
    page.lastFrame = now
    page.requestAnimationFrame(frame)
  }
  page.requestAnimationFrame(frame)
}
