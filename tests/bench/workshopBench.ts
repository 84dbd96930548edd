import { randomBytes } from 'node:crypto'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { chromium, type Browser, type Page } from '@playwright/test'
import * as decoding from 'lib0/decoding'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { newDocumentState } from '../../src/shared/model/documentBody.js'
import { MESSAGE } from '../../src/shared/protocol/messages.js'
import { workshopLink, type WorkshopSummary, type WorkshopTicket } from '../../src/shared/protocol/workshops.js'
import { type Processes, type RelayProcess, startProcesses } from '../e2e/support/processes.js'
import { placeCaretAtEnd } from '../e2e/support/pages.js'
import { type Child, Children } from '../helpers/childProcess.js'
import { chromiumLaunchOptions } from '../helpers/chromium.js'
import { cpuShares, cpuSnapshot } from './processCpu.js'
import { figure, percentile, report } from './report.js'
import { guestMark, guestPaints, paintedTo, watchGuest } from './workshopPage.js'
import type { Typed } from './workshopTypist.js'

/**
 * Workshops (`BENCH_ONLY=workshop`), on a relay (`casebook relay`) on loopback, with a case study
 * stored on it by a facilitator through a stock y-websocket client, and a session started on it
 * (`POST /workshops`, the facilitator's invite as bearer token):
 * - the guest page: in a fresh browser context (a fresh IndexedDB) each run, from navigating to the
 *   link to the join form drawn, and from the form sent (name and city filled in) to the document
 *   editable with its text drawn; their sum is "link to editable", the person's typing left out;
 * - a 50-person session: 50 stock clients (workshopTypist.ts), each with its own session token from
 *   `POST /w/<code>/join`, spread over child processes, each typing at the end of its own paragraph
 *   at 2 keys a second with its caret there, and one guest page joined by the link, typing a key every
 *   100 ms into a paragraph of its own. The page's keystroke to frame (from the keydown's time stamp
 *   to the frame that shows the character) while the stock clients are connected but idle, then while
 *   they type; and remote keystroke to paint: from each stock key (the wall clock in its process) to
 *   the page's frame showing its paragraph at that length. Meanwhile, the CPU the relay, the stock
 *   clients' processes, Chromium and the whole machine used, and how busy the page's main thread was.
 */
const NETWORK = 'bench'
const INTRO = 'Notes of the Lagos workshop on streets for people.'
const GUEST = { name: 'Guest', city: 'Lagos' }
/** Every paragraph a bench types into starts with a tag of this many characters: G01: the page's, C01: to C50: the stock clients'. */
const TAG_LENGTH = 4
const GUEST_TAG = 'G01:'
const CROWD = 50
const CROWD_PROCESSES = 5
const KEYS_PER_SECOND = 2
const TYPING_MS = 20_000
const PAGE_KEY_INTERVAL_MS = 100
/** The join form's name field, as the guest page (src/renderer/guest) draws it. */
const NAME_FIELD = 'input[name="name"]'

/**
 * Whether each stock key moves its typist's caret (an awareness update), as a person's editor does; on
 * unless WORKSHOP_CARETS=0. Stock y-websocket providers (the guest page's too) send back every
 * awareness update they receive, so each caret move reaches the relay once from each client.
 */
const CARETS = process.env['WORKSHOP_CARETS'] !== '0'

/** What each process this bench started is, by its command line, for the CPU it used. */
const kindOf = (commandLine: string) =>
  commandLine.includes('workshopTypist') ? 'stock clients' : commandLine.includes(' relay ') ? 'relay' : commandLine.includes('chromium') ? 'Chromium' : 'bench'

const tagOf = (index: number) => `C${String(index + 1).padStart(2, '0')}:`

export async function workshopBench(runs: number): Promise<void> {
  const browser = await chromium.launch(chromiumLaunchOptions())
  const { processes, stopAll } = startProcesses()
  try {
    await guestPageRuns(browser, processes, runs)
    const crowd = Number(process.env['WORKSHOP_CROWD_RUNS'] ?? runs)
    if (crowd > 0) await crowdRuns(browser, processes, crowd)
  } finally {
    await stopAll()
    await browser.close()
  }
}

async function guestPageRuns(browser: Browser, processes: Processes, runs: number): Promise<void> {
  const relay = await processes.relay()
  const { link } = await storedWorkshop(processes, relay)
  const form: number[] = []
  const editable: number[] = []
  for (let run = 1; run <= runs; run += 1) {
    process.stderr.write(`workshop-guest: run ${run} of ${runs}\n`)
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    try {
      await watchGuest(context, { nameField: NAME_FIELD, text: INTRO, tagLength: TAG_LENGTH })
      const page = await context.newPage()
      await page.goto(link)
      const shown = await guestMark(page, 'form')
      form.push(shown - (await page.evaluate(() => performance.timeOrigin)))
      await joinAsGuest(page)
      editable.push((await guestMark(page, 'editable')) - (await guestMark(page, 'submit')))
    } finally {
      await context.close()
    }
  }
  await relay.stop()
  await report('workshop-guest', runs, [
    figure(
      'guest page: link to editable, name typing left out',
      'ms',
      form.map((ms, run) => ms + editable[run]!),
      undefined,
      '≤ 1000 ms',
    ),
    figure('guest page: navigation to the join form drawn', 'ms', form),
    figure('guest page: form sent to the document editable, its text drawn', 'ms', editable),
  ])
}

async function joinAsGuest(page: Page): Promise<void> {
  await page.locator(NAME_FIELD).fill(GUEST.name)
  await page.locator('input[name="city"]').fill(GUEST.city)
  await page.getByRole('button', { name: 'Join', exact: true }).click()
}

/** One run of the 50-person session: latencies in ms, CPU in % of one core over the phase's wall time. */
interface CrowdSample {
  idleP99: number
  loadedP99: number
  remoteP50: number
  remoteP99: number
  remoteKeys: number
  paintedAfterTyping: number
  pageKeys: number
  latenessP99: number
  relayCpu: number
  typistsCpu: number
  chromiumCpu: number
  benchCpu: number
  interruptsCpu: number
  othersCpu: number
  pageBusy: number
  pageIdleBusy: number
}

async function crowdRuns(browser: Browser, processes: Processes, runs: number): Promise<void> {
  const samples: CrowdSample[] = []
  for (let run = 1; run <= runs; run += 1) {
    process.stderr.write(`workshop-${CROWD}: run ${run} of ${runs}\n`)
    samples.push(await crowdRun(browser, processes))
  }
  const each = (key: keyof CrowdSample) => samples.map((sample) => sample[key])
  const fewer = runs < Number(process.env['BENCH_RUNS'] ?? 5) ? `, ${runs} runs (WORKSHOP_CROWD_RUNS)` : ''
  const typing = `${CROWD} stock clients typing ${KEYS_PER_SECOND} keys/s each, carets ${CARETS ? 'on' : 'off'}${fewer}`
  await report(`workshop-${CROWD}`, runs, [
    figure(`the page's keystroke to frame p99, ${typing}`, 'ms', each('loadedP99'), { name: 'idle, same run', values: each('idleP99') }),
    figure(
      '  loaded p99 / idle p99, each run',
      '×',
      samples.map((sample) => sample.loadedP99 / sample.idleP99),
      undefined,
      '≤ 2×',
    ),
    figure('remote keystroke to paint p50', 'ms', each('remoteP50')),
    figure('remote keystroke to paint p99', 'ms', each('remoteP99'), undefined, '≤ 150 ms'),
    figure('stock keystrokes painted', 'keys', each('remoteKeys')),
    figure('  of them, painted only after the stock clients stopped typing (a backlog)', '%', each('paintedAfterTyping')),
    figure("the page's keystrokes, idle and loaded", 'keys', each('pageKeys')),
    figure("stock clients' timers late p99 (their own delay, in the latencies)", 'ms', each('latenessP99')),
    figure('CPU while they type: the relay', '% of a core', each('relayCpu')),
    figure(`  the stock clients' ${CROWD_PROCESSES} processes`, '% of a core', each('typistsCpu')),
    figure('  Chromium, all its processes', '% of a core', each('chromiumCpu')),
    figure("  this bench's own process (Playwright, its measures)", '% of a core', each('benchCpu')),
    figure("  the kernel's interrupt work (the loopback network's packets)", '% of a core', each('interruptsCpu')),
    figure(`  the rest of the machine (of its ${cpus().length} cores): processes this bench did not start`, '% of a core', each('othersCpu')),
    figure("the page's main thread busy while they type", '%', each('pageBusy'), { name: 'idle', values: each('pageIdleBusy') }),
  ])
}

const sortedPercentile = (values: number[], fraction: number) =>
  percentile(
    [...values].sort((a, b) => a - b),
    fraction,
  )

async function crowdRun(browser: Browser, processes: Processes): Promise<CrowdSample> {
  const relay = await processes.relay()
  const children = new Children()
  const typistChildren: Child[] = []
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  try {
    const { code, link } = await storedWorkshop(processes, relay)
    const tickets: WorkshopTicket[] = []
    for (let index = 0; index < CROWD; index += 1) tickets.push(await joinWorkshop(relay, code, `Person ${index + 1}`))
    const room = `${NETWORK}/${tickets[0]!.document}`
    const typists = Array.from({ length: CROWD_PROCESSES }, (_, child) => {
      const typist = children.start(['--import', 'tsx', join(import.meta.dirname, 'workshopTypist.ts')], { name: `stock clients ${child + 1}`, stdin: 'pipe' })
      typistChildren.push(typist)
      const mine = tickets.flatMap((ticket, index) => (index % CROWD_PROCESSES === child ? [{ tag: tagOf(index), token: ticket.token }] : []))
      typist.process.stdin!.write(`${JSON.stringify({ url: relay.url, room, typists: mine, carets: CARETS })}\n`)
      return { typist, tags: mine.map(({ tag }) => tag) }
    })
    await Promise.all(typists.map(({ typist }) => typist.waitForLine((line) => line === 'ready', 60_000)))

    await watchGuest(context, { nameField: NAME_FIELD, text: tagOf(CROWD - 1), tagLength: TAG_LENGTH })
    const page = await context.newPage()
    await page.goto(link)
    await joinAsGuest(page)
    await guestMark(page, 'editable')
    await placeCaretAtEnd(page, GUEST_TAG)
    const pageBusy = await mainThreadBusy(page)

    process.stderr.write(`  the page types alone for ${TYPING_MS / 1000} s\n`)
    let phase = performance.now()
    let before = await pageBusy()
    const idleKeys = await pressKeys(page, TYPING_MS)
    const pageIdle = ((await pageBusy()) - before) / (performance.now() - phase)

    process.stderr.write(`  ${CROWD} stock clients type with it for ${TYPING_MS / 1000} s\n`)
    phase = performance.now()
    before = await pageBusy()
    const cpuBefore = cpuSnapshot(kindOf)
    const typing = typists.map(({ typist }) => typed(typist))
    for (const { typist } of typists) typist.process.stdin!.write(`type ${TYPING_MS} ${KEYS_PER_SECOND}\n`)
    const loadedKeys = await pressKeys(page, TYPING_MS)
    const batches = await Promise.all(typing)
    const stopped = performance.timeOrigin + performance.now()
    const elapsed = performance.now() - phase
    const cpu = cpuShares(cpuBefore, cpuSnapshot(kindOf), elapsed)
    const pageLoaded = (await pageBusy()) - before

    const last: Record<string, number> = { [GUEST_TAG]: GUEST_TAG.length + idleKeys + loadedKeys }
    const remote: { tag: string; length: number; at: number }[] = []
    for (const [child, batch] of batches.entries())
      for (const [typist, length, at] of batch.keys) {
        const tag = typists[child]!.tags[typist]!
        remote.push({ tag, length, at })
        last[tag] = Math.max(last[tag] ?? 0, length)
      }
    await paintedTo(page, last)
    const { paints, keys } = await guestPaints(page)
    // The nth key pressed made the page's paragraph n characters longer than its tag.
    const own = keys.map((at, index) => paints[GUEST_TAG]![GUEST_TAG.length + index + 1]! - at)
    const remoteLatencies = remote.map(({ tag, length, at }) => paints[tag]![length]! - at)
    return {
      idleP99: sortedPercentile(own.slice(0, idleKeys), 0.99),
      loadedP99: sortedPercentile(own.slice(idleKeys), 0.99),
      remoteP50: sortedPercentile(remoteLatencies, 0.5),
      remoteP99: sortedPercentile(remoteLatencies, 0.99),
      remoteKeys: remote.length,
      paintedAfterTyping: (100 * remoteLatencies.filter((ms, index) => remote[index]!.at + ms > stopped).length) / remote.length,
      pageKeys: keys.length,
      latenessP99: sortedPercentile(
        batches.flatMap((batch) => batch.lateness),
        0.99,
      ),
      relayCpu: cpu.byKind.get('relay') ?? 0,
      typistsCpu: cpu.byKind.get('stock clients') ?? 0,
      chromiumCpu: cpu.byKind.get('Chromium') ?? 0,
      benchCpu: cpu.byKind.get('bench') ?? 0,
      interruptsCpu: cpu.interrupts,
      othersCpu: cpu.machine - cpu.interrupts - [...cpu.byKind.values()].reduce((sum, share) => sum + share, 0),
      pageBusy: (100 * pageLoaded) / elapsed,
      pageIdleBusy: 100 * pageIdle,
    }
  } finally {
    await context.close()
    // The end of their input closes their clients; what is still running after is stopped.
    for (const typist of typistChildren) typist.process.stdin!.end()
    await Promise.race([Promise.all(typistChildren.map((typist) => typist.exited)), sleep(5000)])
    await children.stopAll()
    await relay.stop()
  }
}

/**
 * A case study on the relay, written by its facilitator through a stock y-websocket client, with the
 * paragraphs the benches type into, and a workshop on it.
 */
async function storedWorkshop(processes: Processes, relay: RelayProcess): Promise<{ code: string; link: string }> {
  const facilitator = processes.invite(relay, { network: NETWORK, role: 'facilitator', name: 'Facilitator', city: 'Lagos' })
  const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] })
  const { state } = newDocumentState(
    { kind: 'case-study', title: 'Streets for people', network: NETWORK, city: 'Lagos' },
    {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Discussion' }] },
        paragraph(INTRO),
        paragraph(GUEST_TAG),
        ...Array.from({ length: CROWD }, (_, index) => paragraph(tagOf(index))),
      ],
    },
  )
  const document = randomBytes(8).toString('hex')
  await store(relay, `${NETWORK}/${document}`, facilitator, state)
  const http = relay.url.replace(/^ws/, 'http')
  const response = await fetch(`${http}/workshops`, {
    method: 'POST',
    headers: { authorization: `Bearer ${facilitator}`, 'content-type': 'application/json' },
    body: JSON.stringify({ document }),
  })
  if (!response.ok) throw new Error(`the relay refused to start the workshop: ${response.status} ${await response.text()}`)
  const { code } = (await response.json()) as WorkshopSummary
  return { code, link: workshopLink(http, code) }
}

/** Sends `state` to the room with a stock provider, and waits until the relay says it stored it. */
async function store(relay: RelayProcess, room: string, token: string, state: Uint8Array): Promise<void> {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  const provider = new WebsocketProvider(relay.url, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token, ack: '1' },
    disableBc: true,
  })
  try {
    await new Promise<void>((resolve) => {
      provider.messageHandlers[MESSAGE.stored] = (_encoder, decoder) => {
        if (decoding.readVarUint(decoder) >= 1) resolve()
      }
    })
  } finally {
    provider.destroy()
    doc.destroy()
  }
}

async function joinWorkshop(relay: RelayProcess, code: string, name: string): Promise<WorkshopTicket> {
  const response = await fetch(`${relay.url.replace(/^ws/, 'http')}/w/${code}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, city: 'Lagos' }),
  })
  if (!response.ok) throw new Error(`the relay refused ${name}: ${response.status} ${await response.text()}`)
  return (await response.json()) as WorkshopTicket
}

/** Presses a key every PAGE_KEY_INTERVAL_MS for `ms`, on a schedule that a slow press does not push back; returns how many. */
async function pressKeys(page: Page, ms: number): Promise<number> {
  const start = performance.now()
  let count = 0
  for (let due = start; due < start + ms; due += PAGE_KEY_INTERVAL_MS) {
    await sleep(Math.max(0, due - performance.now()))
    await page.keyboard.press(String.fromCharCode(97 + (count % 26)))
    count += 1
  }
  return count
}

async function typed(typist: Child): Promise<Typed> {
  const line = await typist.waitForLine((text) => text.startsWith('typed '), TYPING_MS + 60_000)
  return JSON.parse(line.slice('typed '.length)) as Typed
}

/** How long the page's main thread has been busy with tasks, in ms, as Chromium counts it (TaskDuration). */
async function mainThreadBusy(page: Page): Promise<() => Promise<number>> {
  const session = await page.context().newCDPSession(page)
  await session.send('Performance.enable')
  return async () => {
    const { metrics } = await session.send('Performance.getMetrics')
    return (metrics.find(({ name }) => name === 'TaskDuration')?.value ?? 0) * 1000
  }
}
