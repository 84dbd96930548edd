import { setTimeout as sleep } from 'node:timers/promises'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { figure, percentile, report } from './report.js'
import { startReference, startRelay, type BenchServer } from './servers.js'
import { applyPatch, loadTrace } from './trace.js'

/**
 * The relay under load, against the reference y-websocket server started the same way, in the same
 * run: every client lives in this process (one clock for latency), each server in its own (its own
 * memory). Fan-out latency is the time from a writer's change to its arrival at each other client.
 */
interface Scenario {
  name: string
  documents: number
  clientsPerDocument: number
  writersPerDocument: number
  updatesPerSecond: number
}

const SCENARIOS: Scenario[] = [
  { name: 'relay-workshop', documents: 1, clientsPerDocument: 50, writersPerDocument: 10, updatesPerSecond: 5 },
  { name: 'relay-scale', documents: 200, clientsPerDocument: 5, writersPerDocument: 1, updatesPerSecond: 1 },
]
const WARM_UP_MS = 3000
const MEASURE_MS = Number(process.env['BENCH_RELAY_SECONDS'] ?? 15) * 1000
const SERVERS = [startRelay, startReference]

interface Sample {
  p50: number
  p99: number
  rss: number
}

export async function relayBench(runs: number): Promise<void> {
  // Every WebsocketProvider listens for the process's exit; a thousand of them are expected here.
  process.setMaxListeners(0)
  for (const scenario of SCENARIOS) {
    const samples = new Map<string, Sample[]>()
    for (let run = 1; run <= runs; run += 1) {
      for (const start of SERVERS) {
        const server = await start()
        process.stderr.write(`${scenario.name}: run ${run} of ${runs}, ${server.name}\n`)
        try {
          const sample = await load(server, scenario)
          samples.set(server.name, [...(samples.get(server.name) ?? []), sample])
        } finally {
          await server.stop()
        }
      }
    }
    const ours = samples.get('Casebook relay')!
    const reference = samples.get('y-websocket 1.5.4')!
    const values = (list: Sample[], key: keyof Sample) => list.map((sample) => sample[key])
    await report(scenario.name, runs, [
      figure('fan-out latency p50', 'ms', values(ours, 'p50'), { name: 'y-websocket 1.5.4', values: values(reference, 'p50') }),
      figure('fan-out latency p99', 'ms', values(ours, 'p99'), { name: 'y-websocket 1.5.4', values: values(reference, 'p99') }, '≤ 1×'),
      figure('server resident memory (peak)', 'MB', values(ours, 'rss'), { name: 'y-websocket 1.5.4', values: values(reference, 'rss') }, '≤ 1×'),
    ])
  }
  await syncBench(runs)
}

async function load(server: BenchServer, scenario: Scenario): Promise<Sample> {
  const latencies: number[] = []
  let measuring = false
  const providers: WebsocketProvider[] = []
  const writers: { doc: Y.Doc; key: string }[] = []
  for (let documentIndex = 0; documentIndex < scenario.documents; documentIndex += 1) {
    for (let clientIndex = 0; clientIndex < scenario.clientsPerDocument; clientIndex += 1) {
      const doc = new Y.Doc()
      const provider = new WebsocketProvider(server.url, `bench/doc-${documentIndex}`, doc, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        params: server.params,
        disableBc: true,
      })
      providers.push(provider)
      const marks = doc.getMap<{ at: number }>('marks')
      marks.observe((event) => {
        if (!measuring || event.transaction.local) return
        const now = performance.now()
        for (const key of event.keysChanged) latencies.push(now - marks.get(key)!.at)
      })
      if (clientIndex < scenario.writersPerDocument) writers.push({ doc, key: `writer-${clientIndex}` })
      // Connecting a thousand clients at once is a test of the accept queue, not of fan-out.
      if (providers.length % 50 === 0) await sleep(50)
    }
  }
  await within(60_000, `${server.name}: every client synced`, Promise.all(providers.map(synced)))

  const period = 1000 / scenario.updatesPerSecond
  const timers = writers.map(({ doc, key }, index) =>
    setTimeout(() => {
      const marks = doc.getMap<{ at: number }>('marks')
      timers[index] = setInterval(() => marks.set(key, { at: performance.now() }), period)
    }, Math.random() * period),
  )
  let peakRss = 0
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, server.rss())), 250)
  await sleep(WARM_UP_MS)
  measuring = true
  await sleep(MEASURE_MS)
  measuring = false
  for (const timer of timers) clearInterval(timer)
  clearInterval(sampler)
  for (const provider of providers) close(provider)
  latencies.sort((a, b) => a - b)
  return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), rss: peakRss / 1e6 }
}

/**
 * A new client joining a document that holds the whole automerge-paper trace (259,778 edits), while
 * another client keeps it loaded; on the relay also cold, loaded from its database.
 */
async function syncBench(runs: number): Promise<void> {
  const trace = loadTrace('automerge-paper')
  const source = new Y.Doc()
  const text = source.getText('paper')
  for (const txn of trace.txns) for (const patch of txn.patches) source.transact(() => applyPatch(text, patch))
  const state = Y.encodeStateAsUpdate(source)
  const samples = new Map<string, number[]>()
  const add = (name: string, value: number) => samples.set(name, [...(samples.get(name) ?? []), value])
  for (let run = 1; run <= runs; run += 1) {
    for (const start of SERVERS) {
      const server = await start()
      process.stderr.write(`relay-sync: run ${run} of ${runs}, ${server.name}\n`)
      try {
        const keeper = connect(server, state)
        await within(60_000, `${server.name}: the paper uploaded`, synced(keeper))
        // Let the server store it (the relay) and settle.
        await sleep(500)
        add(`${server.name} warm`, await timeToSync(server, trace.endContent))
        if (server.name === 'Casebook relay') {
          close(keeper)
          await sleep(500)
          add(`${server.name} cold`, await timeToSync(server, trace.endContent))
        } else {
          close(keeper)
        }
      } finally {
        await server.stop()
      }
    }
  }
  await report('relay-sync', runs, [
    figure('a new client synced into the automerge-paper document', 'ms', samples.get('Casebook relay warm')!, {
      name: 'y-websocket 1.5.4',
      values: samples.get('y-websocket 1.5.4 warm')!,
    }),
    figure('the same, with the document loaded from the relay database', 'ms', samples.get('Casebook relay cold')!, {
      name: 'y-websocket 1.5.4, in memory',
      values: samples.get('y-websocket 1.5.4 warm')!,
    }),
  ])
}

async function timeToSync(server: BenchServer, expected: string): Promise<number> {
  const start = performance.now()
  const provider = connect(server)
  await within(60_000, `${server.name}: a new client synced`, synced(provider))
  const elapsed = performance.now() - start
  if (provider.doc.getText('paper').toString() !== expected) throw new Error(`${server.name} synced a different document`)
  close(provider)
  return elapsed
}

function connect(server: BenchServer, state?: Uint8Array): WebsocketProvider {
  const doc = new Y.Doc()
  if (state) Y.applyUpdate(doc, state)
  return new WebsocketProvider(server.url, 'bench/paper', doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: server.params,
    disableBc: true,
  })
}

/** The doc too: its awareness keeps a timer running until the doc is destroyed. */
function close(provider: WebsocketProvider): void {
  provider.destroy()
  provider.doc.destroy()
}

export function synced(provider: WebsocketProvider): Promise<void> {
  return provider.synced ? Promise.resolve() : new Promise((resolve) => provider.once('sync', () => resolve()))
}

/** A bench that stalls says where, instead of hanging. */
export async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting until ${what}`)), ms)))
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
