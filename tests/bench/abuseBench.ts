import * as decoding from 'lib0/decoding'
import { setTimeout as sleep } from 'node:timers/promises'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { HELD_ITEMS } from '../../src/relay/heldBack.js'
import { DEFAULT_LIMITS } from '../../src/relay/limits.js'
import { CLOSE, type CloseName } from '../../src/shared/protocol/closeCodes.js'
import { MESSAGE, STORED_ACK_PARAM } from '../../src/shared/protocol/messages.js'
import { encodeSyncStep1, encodeUpdate } from '../../src/shared/protocol/syncFrames.js'
import { figure, median, percentile, report } from './report.js'
import { startRelay, type BenchRelay, type BenchServer } from './servers.js'

/**
 * The relay as deployed, with all its default limits (--max-message-bytes 2 MiB, 48 documents per
 * token...), under abuse from one member's invite while 10 other members, an invite each, edit one
 * document, each setting a mark 5 times a second. The abuser, in turn:
 * - sends the 7.3 MiB update of 700,000 one-character items (typed backwards, so none merge), the
 *   largest such update under 2 MiB, and one of 100,000 items (the most --max-update-items allows);
 * - sends that last update again, 5 times on one connection (duplicates);
 * - opens its document anew once the relay has unloaded it, so that it loads from the database;
 * - holds back the most a document holds back (9,900 items, in updates of 100), then releases it;
 * - opens 1,000 documents, writing a little to each, and holds them all open.
 * Measured: the editors' fan-out latency, `/healthz` latency (polled without pause, one request at a
 * time) and the relay's peak resident memory, against the same editors on a relay left alone; and
 * what the relay refused, from its /metrics: the abuser's refusals by close code, and how many of its
 * 1,000 documents it admitted. An editor closed by the relay ends the bench with an error.
 */
const EDITORS = 10
const UPDATES_PER_SECOND = 5
const ROOMS = 1000
const QUIET_MS = 10_000

interface Sample {
  p99: number
  healthMedian: number
  healthWorst: number
  rss: number
  /** Refusals counted in the relay's /metrics, by close code and name, such as "4532 tooManyDocumentsForToken". */
  refused: Map<string, number>
  /** How many of its documents the abuser wrote to, when there is one. */
  admitted?: number
}

type Measured = 'p99' | 'healthMedian' | 'healthWorst' | 'rss'

export async function abuseBench(runs: number): Promise<void> {
  process.setMaxListeners(0)
  const huge = backwards(700_000)
  const largest = largestUnder(DEFAULT_LIMITS.maxMessageBytes - 16)
  const allowed = backwards(DEFAULT_LIMITS.maxUpdateItems)
  process.stderr.write(
    `abuse: the huge update is ${mebibytes(huge)}, the largest under the limit ${mebibytes(largest.update)} (${largest.items.toLocaleString('en-US')} items)\n`,
  )
  const abused: Sample[] = []
  const quiet: Sample[] = []
  for (let run = 1; run <= runs; run += 1) {
    process.stderr.write(`abuse: run ${run} of ${runs}, left alone\n`)
    phase = 'editing'
    quiet.push(await measure(() => sleep(QUIET_MS).then(() => undefined)))
    process.stderr.write(`abuse: run ${run} of ${runs}, abused\n`)
    abused.push(await measure((server) => abuse(server, [huge, largest.update, allowed])))
  }
  const values = (list: Sample[], key: Measured) => list.map((sample) => sample[key])
  const alone = (key: Measured) => ({ name: 'left alone', values: values(quiet, key) })
  const reasons = [...new Set(abused.flatMap((sample) => [...sample.refused.keys()]))].sort()
  await report('relay-abuse', runs, [
    figure("other clients' fan-out latency p99", 'ms', values(abused, 'p99'), alone('p99')),
    figure('/healthz latency, median', 'ms', values(abused, 'healthMedian'), alone('healthMedian')),
    figure('/healthz latency, worst', 'ms', values(abused, 'healthWorst'), alone('healthWorst'), '≤ 250 ms'),
    figure('relay resident memory (peak)', 'MB', values(abused, 'rss'), alone('rss')),
    figure(
      `abuser's documents admitted, of ${ROOMS.toLocaleString('en-US')}`,
      'documents',
      abused.map((sample) => sample.admitted!),
    ),
    ...reasons.map((reason) =>
      figure(
        `abuser's connections closed with ${reason}`,
        'connections',
        abused.map((sample) => sample.refused.get(reason) ?? 0),
      ),
    ),
  ])
}

/**
 * Starts a relay with its default limits and the editors, runs `during` while measuring (it may say
 * how many documents it had admitted), and stops everything.
 */
async function measure(during: (server: BenchRelay) => Promise<number | undefined>): Promise<Sample> {
  const server = await startRelay([], { liftLimits: false })
  const latencies: number[] = []
  const health: number[] = []
  const worst = new Map<string, number>()
  /** How the relay closed an editor's connection, if it did. */
  const editorsClosed: string[] = []
  let measuring = false
  const tokens = await Promise.all(Array.from({ length: EDITORS }, (_, index) => server.invite(`Editor ${index + 1}`)))
  const editors = tokens.map((token, index) => {
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(server.url, 'bench/editors', doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token },
      disableBc: true,
    })
    provider.on('connection-close', (event) => editorsClosed.push(`editor ${index + 1} closed with ${event?.code ?? 'no code'}`))
    const marks = doc.getMap<{ at: number }>('marks')
    marks.observe((event) => {
      if (!measuring || event.transaction.local) return
      const now = performance.now()
      for (const key of event.keysChanged) latencies.push(now - marks.get(key)!.at)
    })
    return { provider, marks, key: `editor-${index}` }
  })
  let timers: NodeJS.Timeout[] = []
  let peakRss = 0
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, server.rss())), 100)
  try {
    await Promise.all(editors.map(({ provider }) => new Promise<void>((resolve) => (provider.synced ? resolve() : provider.once('sync', () => resolve())))))
    timers = editors.map(({ marks, key }) => setInterval(() => marks.set(key, { at: performance.now() }), 1000 / UPDATES_PER_SECOND))
    await sleep(2000)
    measuring = true
    const polling = poll(
      `${server.url.replace(/^ws:/, 'http:')}/healthz`,
      (latency) => {
        health.push(latency)
        worst.set(phase, Math.max(latency, worst.get(phase) ?? 0))
      },
      () => measuring,
    )
    const admitted = await during(server)
    await sleep(2000)
    measuring = false
    await polling
    say('worst /healthz latency while', [...worst].map(([during, ms]) => `${during} ${ms.toFixed(0)} ms`).join(', '))
    if (editorsClosed.length > 0) throw new Error(`the relay closed an editor's connection: ${editorsClosed.join(', ')}`)
    const refused = refusals(await server.metrics())
    say('refused, by /metrics', [...refused].map(([reason, count]) => `${reason} ×${count}`).join(', ') || 'nothing')
    latencies.sort((a, b) => a - b)
    return {
      p99: percentile(latencies, 0.99),
      healthMedian: median(health),
      healthWorst: Math.max(...health),
      rss: peakRss / 1e6,
      refused,
      ...(admitted === undefined ? {} : { admitted }),
    }
  } finally {
    for (const timer of timers) clearInterval(timer)
    clearInterval(sampler)
    for (const { provider } of editors) {
      provider.destroy()
      provider.doc.destroy()
    }
    await server.stop()
  }
}

/** The relay's `casebook_relay_rejected_frames_total{reason}` samples, by close code and reason. */
function refusals(metrics: Map<string, number>): Map<string, number> {
  const refused = new Map<string, number>()
  for (const [sample, count] of metrics) {
    const reason = /^casebook_relay_rejected_frames_total\{reason="(\w+)"\}$/.exec(sample)?.[1]
    if (!reason || count === 0) continue
    const code = reason in CLOSE ? CLOSE[reason as CloseName].code : 'HTTP 408'
    refused.set(`${code} ${reason}`, count)
  }
  return refused
}

export async function poll(url: string, measured: (latency: number) => void, going: () => boolean): Promise<void> {
  while (going()) {
    const start = performance.now()
    const response = await fetch(url)
    await response.text()
    measured(performance.now() - start)
    if (!response.ok) throw new Error(`/healthz answered ${response.status}`)
  }
}

/** What the abuser is doing, for the worst /healthz latency of each step. */
let phase = 'editing'

/** Abuses the relay with a member invite of its own; returns how many of its documents were admitted. */
async function abuse(server: BenchRelay, updates: Uint8Array[]): Promise<number> {
  const token = await server.invite('Abuser')
  const open = (path: string) => openAs(server, token, path)
  const path = '/bench/abuse'
  const connections: Abuser[] = []
  for (const update of updates) {
    phase = `an update of ${mebibytes(update)}`
    const connection = await open(path)
    connection.ws.send(encodeUpdate(update))
    say(phase, await connection.outcome(1))
    connections.push(connection)
  }
  phase = 'the last update 5 times'
  const again = await open(path)
  for (let copy = 0; copy < 5; copy += 1) again.ws.send(encodeUpdate(updates.at(-1)!))
  say(phase, await again.outcome(5))
  for (const connection of [...connections, again]) connection.ws.close()
  // Let the relay snapshot and unload the document, then have it load it from its database.
  phase = 'the document unloaded'
  await sleep(1000)
  phase = 'the document loaded anew'
  const cold = await open(path)
  cold.ws.send(encodeSyncStep1(new Y.Doc()))
  say('the document loaded anew', await cold.answered())
  cold.ws.close()

  await holdBackAndRelease(open)

  phase = `${ROOMS} documents opened`
  const rooms: Abuser[] = []
  const outcomes = new Map<string, number>()
  const small = backwards(100)
  for (let start = 0; start < ROOMS; start += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, ROOMS - start) }, (_, index) => open(`/bench/room-${start + index}`)))
    for (const room of batch) room.ws.send(encodeUpdate(small))
    for (const outcome of await Promise.all(batch.map((room) => room.outcome(1)))) outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
    rooms.push(...batch)
  }
  say(phase, [...outcomes].map(([outcome, count]) => `${count} ${outcome}`).join(', '))
  await sleep(1000)
  phase = `${ROOMS} documents closed`
  for (const room of rooms) room.ws.close()
  return outcomes.get('stored') ?? 0
}

/**
 * Holds back the most a document holds back (HELD_ITEMS items, less one update), an update of 100
 * one-character items at a time, all waiting for the first character, never sent; then sends it, so
 * that the relay retries all it held back.
 */
async function holdBackAndRelease(open: (path: string) => Promise<Abuser>): Promise<void> {
  const writer = new Y.Doc()
  writer.clientID = 2 ** 28 + Math.floor(Math.random() * (2 ** 32 - 2 ** 28))
  writer.getText('t').insert(0, 'x')
  const first = Y.encodeStateAsUpdate(writer)
  const held: Uint8Array[] = []
  for (let sent = 100; sent < HELD_ITEMS; sent += 100) {
    const seen = Y.encodeStateVector(writer)
    writer.transact(() => {
      for (let index = 0; index < 100; index += 1) writer.getText('t').insert(0, 'y')
    })
    held.push(Y.encodeStateAsUpdate(writer, seen))
  }
  const connection = await open('/bench/held')
  phase = `${held.length * 100} items held back`
  for (const [index, update] of held.entries()) {
    connection.ws.send(encodeUpdate(update))
    if ((await connection.outcome(index + 1)) !== 'stored') break
  }
  say(phase, await connection.outcome(held.length))
  phase = 'what was held back released'
  connection.ws.send(encodeUpdate(first))
  say(phase, await connection.outcome(held.length + 1))
  // The relay retries it in the turns after.
  await sleep(1000)
  connection.ws.close()
}

export interface Abuser {
  ws: WebSocket
  /** Resolves once the relay has sent anything: its step 1, once the document is loaded. */
  loaded(): Promise<string>
  /** Resolves once the relay has stored `count` of this connection's updates, or has closed it. */
  outcome(count: number): Promise<string>
  /** Resolves once the relay has answered a sync step 1. */
  answered(): Promise<string>
}

export async function openAs(server: BenchServer, token: string, path: string): Promise<Abuser> {
  const ws = new WebSocket(`${server.url}${path}?token=${encodeURIComponent(token)}&${STORED_ACK_PARAM}=1`, { maxPayload: 64 << 20 })
  let stored = 0
  let answered = false
  let received = false
  let closed: string | null = null
  const changed = new Set<() => void>()
  ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data))
    const type = decoding.readVarUint(decoder)
    received = true
    if (type === MESSAGE.stored) stored = decoding.readVarUint(decoder)
    if (type === MESSAGE.sync && decoding.readVarUint(decoder) === 1) answered = true
    for (const listener of changed) listener()
  })
  ws.on('error', () => {})
  ws.on('close', (code) => {
    closed = `closed with ${code}`
    for (const listener of changed) listener()
  })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('close', (code) => reject(new Error(`the relay refused ${path} with ${code}`)))
  })
  const until = (done: () => string | null) =>
    new Promise<string>((resolve) => {
      const check = () => {
        const result = done()
        if (result === null) return
        changed.delete(check)
        resolve(result)
      }
      changed.add(check)
      check()
    })
  return {
    ws,
    loaded: () => until(() => (received ? 'loaded' : closed)),
    outcome: (count) => until(() => (stored >= count ? 'stored' : closed)),
    answered: () => until(() => (answered ? 'answered' : closed)),
  }
}

/** An update of `items` one-character items: typed backwards, each is an item of its own. */
function backwards(items: number): Uint8Array {
  const doc = new Y.Doc()
  // Each item names its left neighbour's client id: one of 2^28 or more takes 5 bytes, as 15 random
  // ids in 16 do, so the update's size does not change from run to run (a 4-byte id makes 700,000 items 0.7 MiB smaller).
  doc.clientID = 2 ** 28 + Math.floor(Math.random() * (2 ** 32 - 2 ** 28))
  doc.transact(() => {
    for (let index = 0; index < items; index += 1) doc.getText('t').insert(0, 'x')
  })
  return Y.encodeStateAsUpdate(doc)
}

function largestUnder(bytes: number): { items: number; update: Uint8Array } {
  let items = Math.floor(bytes / 11)
  let update = backwards(items)
  while (update.byteLength > bytes) {
    items = Math.floor((items * bytes) / update.byteLength) - 100
    update = backwards(items)
  }
  return { items, update }
}

function mebibytes(update: Uint8Array): string {
  return `${(update.byteLength / 2 ** 20).toFixed(2)} MiB`
}

function say(what: string, outcome: string): void {
  process.stderr.write(`abuse: ${what}: ${outcome}\n`)
}
