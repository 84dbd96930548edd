import { readdirSync, readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { decodeBusFrame } from '../../src/relay/redis/busFrame.js'
import { UNCONFIRMED_PATIENCE_MS } from '../../src/relay/roomsOnBus.js'
import { MESSAGE, STORED_ACK_PARAM, readStored } from '../../src/shared/protocol/messages.js'
import { startPostgres } from '../helpers/postgresServer.js'
import { startRedis } from '../helpers/redisServer.js'
import { storedDoc } from '../helpers/storedDoc.js'
import { TempDirs } from '../helpers/tempDirs.js'
import { figure, median, percentile, report, type Figure } from './report.js'
import { startRelay, type BenchRelay } from './servers.js'
import { synced, within } from './relayBench.js'

/**
 * One relay on SQLite, one on Postgres, and three on Postgres and Redis (issue 23), under the same
 * load in the same run: ROOMS rooms, each with one writer sending a small update UPDATES_PER_SECOND
 * times a second and READERS readers. With three relays the writers are on the first and the readers
 * on the other two, so every latency measured there crosses instances. Every client lives in this
 * process (one clock), every server in its own (its own memory). Postgres keeps fsync on, as in
 * production. After the load, the first of the three relays is killed (SIGKILL) while its writers
 * write; they go on through the second, and every update they were told is stored must be in Postgres.
 */
const ROOMS = Number(process.env['BENCH_RELAYS_ROOMS'] ?? 40)
const UPDATES_PER_SECOND = 5
const READERS = 2
const WARM_UP_MS = 2000
const MEASURE_MS = Number(process.env['BENCH_RELAYS_SECONDS'] ?? 15) * 1000
/**
 * Throughput: BURST_WRITERS more writers a room, each sending again as soon as it has fewer than
 * WINDOW updates unacknowledged, up to BURST_RATE a second: below the relay's 200 messages a second a
 * connection (the run would otherwise measure that limit, or be cut off by it), with writers enough
 * that together they offer more than any setup here stores.
 */
const BURST_MS = 5000
const BURST_WRITERS = 4
const BURST_RATE = 150
const WINDOW = 4
const SETTLE_MS = 60_000
const KILLED = 'relay 1 (writers; until killed)'
/** RedisBus's one channel (src/relay/redis/RedisBus.ts), listened to here to time the first half of a cross-instance hop. */
const BUS_CHANNEL = 'casebook:bus'

/** A deployment under test: where writers and readers connect, and the processes whose memory counts. */
interface Deployment {
  relays: BenchRelay[]
  writerUrl: string
  /** Where each of a room's readers connects. */
  readerUrls: string[]
  /** The deployment's processes by name, each with its resident memory now, in bytes. */
  memory: Map<string, () => number>
  /** The same processes' CPU time used so far, in ms (a relay's main thread: its event loop). */
  cpu: Map<string, () => number>
  postgres: string | null
  redis: string | null
  stop(): Promise<void>
}

interface Setup {
  name: string
  start(): Promise<Deployment>
}

const SQLITE = 'SQLite, one relay'
const POSTGRES = 'Postgres, one relay'
const SEVERAL = 'Postgres and Redis, three relays'
const SETUPS: Setup[] = [
  { name: SQLITE, start: alone },
  { name: POSTGRES, start: onPostgres },
  { name: SEVERAL, start: three },
]

interface Sample {
  fanOutP50: number
  fanOutP99: number
  /** With three relays: from a writer's update to relay 1's publishing it on Redis. */
  publishedP50?: number
  publishedP99?: number
  ackP50: number
  ackP99: number
  /** Stored updates a second, BURST_WRITERS writers a room keeping WINDOW unacknowledged. */
  throughput: number
  /** Peak resident memory of each process, in MB. */
  memory: Map<string, number>
  /** The CPU each process used during the steady load, in % of one core; the clients' (this process's) too. */
  cpu: Map<string, number>
  /** The same during the throughput phase. */
  burstCpu: Map<string, number>
  /** With three relays: updates acknowledged, yet not in Postgres after the first relay was killed. */
  lostAcknowledged?: number
  /** With three relays: updates the writers made that Postgres lacks once they have synced again and all is acknowledged. */
  missing?: number
  /** The same, once the other relays have stored what relay 1 published and never stored (UNCONFIRMED_PATIENCE_MS). */
  missingLater?: number
}

export async function relaysBench(runs: number): Promise<void> {
  process.setMaxListeners(0)
  const samples = new Map<string, Sample[]>(SETUPS.map((setup) => [setup.name, []]))
  for (let run = 1; run <= runs; run += 1) {
    for (const setup of SETUPS) {
      process.stderr.write(`relays: run ${run} of ${runs}, ${setup.name}\n`)
      const deployment = await setup.start()
      try {
        samples.get(setup.name)!.push(await load(deployment, setup.name === SEVERAL))
      } finally {
        await deployment.stop()
      }
    }
  }
  const of = (name: string, pick: (sample: Sample) => number) => samples.get(name)!.map(pick)
  const against = (label: string, unit: string, pick: (sample: Sample) => number, target?: (setup: string) => string | undefined): Figure[] =>
    [POSTGRES, SEVERAL].map((name) => figure(`${label}, ${name}`, unit, of(name, pick), { name: SQLITE, values: of(SQLITE, pick) }, target?.(name)))
  const memoryOf = (name: string, process: string) => of(name, (sample) => sample.memory.get(process)!)
  await report('relays', runs, [
    ...against('fan-out latency p50', 'ms', (sample) => sample.fanOutP50),
    ...against(
      'fan-out latency p99',
      'ms',
      (sample) => sample.fanOutP99,
      (name) => (name === SEVERAL ? '≤ 2×' : undefined),
    ),
    ...['p50', 'p99'].map((at) =>
      figure(
        `of which until relay 1 published it on Redis, ${at}, ${SEVERAL}`,
        'ms',
        of(SEVERAL, (sample) => (at === 'p50' ? sample.publishedP50! : sample.publishedP99!)),
      ),
    ),
    ...against('stored-ack latency p50', 'ms', (sample) => sample.ackP50),
    ...against('stored-ack latency p99', 'ms', (sample) => sample.ackP99),
    // Time per stored update rather than updates a second, so that lower is better as in every figure.
    ...against(
      `time per 1,000 stored updates (${BURST_WRITERS * ROOMS} writers keeping ${WINDOW} unacknowledged, ≤ ${BURST_RATE}/s each)`,
      'ms',
      (sample) => 1e6 / sample.throughput,
    ),
    figure(`peak resident memory: the relay, ${POSTGRES}`, 'MB', memoryOf(POSTGRES, 'relay'), { name: SQLITE, values: memoryOf(SQLITE, 'relay') }),
    ...[KILLED, 'relay 2 (readers)', 'relay 3 (readers)'].map((process) =>
      figure(`peak resident memory: ${process}, ${SEVERAL}`, 'MB', memoryOf(SEVERAL, process), { name: SQLITE, values: memoryOf(SQLITE, 'relay') }),
    ),
    figure(`peak proportional memory (PSS): Postgres, all its processes, ${POSTGRES}`, 'MB', memoryOf(POSTGRES, 'Postgres')),
    figure(`peak proportional memory (PSS): Postgres, all its processes, ${SEVERAL}`, 'MB', memoryOf(SEVERAL, 'Postgres')),
    figure(`peak resident memory: Redis, ${SEVERAL}`, 'MB', memoryOf(SEVERAL, 'Redis')),
    ...SETUPS.flatMap(({ name }) =>
      [...samples.get(name)![0]!.cpu.keys()].flatMap((process) => [
        figure(
          `CPU during the steady load (a relay: its main thread): ${process}, ${name}`,
          '% of a core',
          of(name, (sample) => sample.cpu.get(process)!),
        ),
        figure(
          `CPU during the throughput phase (a relay: its main thread): ${process}, ${name}`,
          '% of a core',
          of(name, (sample) => sample.burstCpu.get(process)!),
        ),
      ]),
    ),
    figure(
      'acknowledged updates not in Postgres after relay 1 was killed',
      'updates',
      of(SEVERAL, (sample) => sample.lostAcknowledged!),
      undefined,
      '0',
    ),
    figure(
      'updates not in Postgres once its writers synced through relay 2',
      'updates',
      of(SEVERAL, (sample) => sample.missing!),
    ),
    figure(
      `updates not in Postgres ${(UNCONFIRMED_PATIENCE_MS + 2000) / 1000} s after the kill (the others store what relay 1 published, unconfirmed)`,
      'updates',
      of(SEVERAL, (sample) => sample.missingLater!),
      undefined,
      '0',
    ),
  ])
  const throughput = SETUPS.map(({ name }) => `${name}: ${Math.round(median(of(name, (sample) => sample.throughput)))}`).join('; ')
  process.stdout.write(`stored updates a second (medians): ${throughput}\n`)
  const ratios = of(SEVERAL, (sample) => sample.fanOutP99).map((p99, run) => p99 / of(SQLITE, (sample) => sample.fanOutP99)[run]!)
  const ratio = median(of(SEVERAL, (sample) => sample.fanOutP99)) / median(of(SQLITE, (sample) => sample.fanOutP99))
  const worst = Math.max(...ratios)
  process.stdout.write(
    `target, cross-instance fan-out p99 ≤ 2× one SQLite relay's: ${ratio <= 2 ? 'met' : 'not met'} (medians ${ratio.toFixed(2)}×; worst run ${worst.toFixed(2)}×${worst <= 2 ? ', met' : ', not met'})\n`,
  )
  const total = (pick: (sample: Sample) => number) => of(SEVERAL, pick).reduce((sum, count) => sum + count, 0)
  process.stdout.write(
    `target, nothing lost when relay 1 of 3 is killed: lost: ${total((sample) => sample.lostAcknowledged!)} acknowledged, ${total((sample) => sample.missingLater!)} at all once the others stored what it published, over ${runs} runs\n`,
  )
}

async function alone(): Promise<Deployment> {
  const relay = await startRelay()
  return {
    relays: [relay],
    writerUrl: relay.url,
    readerUrls: Array.from({ length: READERS }, () => relay.url),
    memory: new Map([['relay', () => relay.rss()]]),
    cpu: new Map([['relay', () => relay.mainThreadCpuMs()]]),
    postgres: null,
    redis: null,
    stop: () => relay.stop(),
  }
}

async function onPostgres(): Promise<Deployment> {
  const postgres = await startPostgres({ durable: true })
  const dirs = new TempDirs('casebook-bench-relays-')
  try {
    const relay = await startRelay(['--postgres', postgres.url], { dataDir: dirs.make() })
    return {
      relays: [relay],
      writerUrl: relay.url,
      readerUrls: Array.from({ length: READERS }, () => relay.url),
      memory: new Map([
        ['relay', () => relay.rss()],
        ['Postgres', () => treePss(postgres.process.pid!)],
      ]),
      cpu: new Map([
        ['relay', () => relay.mainThreadCpuMs()],
        ['Postgres', () => treeCpuMs(postgres.process.pid!)],
      ]),
      postgres: postgres.url,
      redis: null,
      async stop() {
        await relay.stop()
        await postgres.stop()
        dirs.removeAll()
      },
    }
  } catch (error) {
    await postgres.stop()
    dirs.removeAll()
    throw error
  }
}

/** Three relays of one deployment: one data directory (its secret), one Postgres, one Redis. */
async function three(): Promise<Deployment> {
  const [postgres, redis] = await Promise.all([startPostgres({ durable: true }), startRedis()])
  const dirs = new TempDirs('casebook-bench-relays-')
  const dataDir = dirs.make()
  const relays: BenchRelay[] = []
  const stop = async () => {
    await Promise.all(relays.map((relay) => relay.stop()))
    await Promise.all([postgres.stop(), redis.stop()])
    dirs.removeAll()
  }
  try {
    const args = ['--postgres', postgres.url, '--redis', redis.url]
    // The first makes the secret the others read.
    relays.push(await startRelay(args, { dataDir }))
    relays.push(...(await Promise.all([startRelay(args, { dataDir }), startRelay(args, { dataDir })])))
  } catch (error) {
    await stop()
    throw error
  }
  return {
    relays,
    writerUrl: relays[0]!.url,
    readerUrls: [relays[1]!.url, relays[2]!.url],
    memory: new Map([
      [KILLED, () => relays[0]!.rss()],
      ['relay 2 (readers)', () => relays[1]!.rss()],
      ['relay 3 (readers)', () => relays[2]!.rss()],
      ['Postgres', () => treePss(postgres.process.pid!)],
      ['Redis', () => rssOf(redis.process.pid!)],
    ]),
    cpu: new Map([
      [KILLED, () => relays[0]!.mainThreadCpuMs()],
      ['relay 2 (readers)', () => relays[1]!.mainThreadCpuMs()],
      ['relay 3 (readers)', () => relays[2]!.mainThreadCpuMs()],
      ['Postgres', () => treeCpuMs(postgres.process.pid!)],
      ['Redis', () => cpuMsOf(String(redis.process.pid!))],
    ]),
    postgres: postgres.url,
    redis: redis.url,
    stop,
  }
}

/** A room's writer, across its connections: what it made, sent and was told is stored. */
interface Writer {
  room: string
  /** The map it writes to: the throughput phase's writers have their own, so that the rooms' writers' keys stay theirs. */
  map: string
  doc: Y.Doc
  provider: WebsocketProvider
  /** Updates made, each a new key of its map: "1", "2", … */
  made: number
  /** Update-carrying sync frames (step 2 and update) sent on this connection: when, and how many updates were made by then. */
  sent: { at: number; made: number }[]
  /** How many of `sent` the relay has said are stored. */
  acknowledged: number
  /**
   * Every update up to this one is stored, as a Casebook client reckons it: a frame acknowledged
   * stores what it carried, and a sync step 2 carries all the relay lacked of what was made by then.
   */
  storedUpTo: number
}

interface Measures {
  measuring: boolean
  fanOut: number[]
  published: number[]
  ack: number[]
  /** Called on each acknowledgement (the throughput phase sends again from it). */
  onAck: ((writer: Writer, count: number) => void) | null
}

async function load(deployment: Deployment, killFirst: boolean): Promise<Sample> {
  const measures: Measures = { measuring: false, fanOut: [], published: [], ack: [], onAck: null }
  const params = deployment.relays[0]!.params
  const writers: Writer[] = []
  const readers: WebsocketProvider[] = []
  const peak = new Map<string, number>()
  const killed = new Set<string>()
  const sampleMemory = () => {
    for (const [name, memory] of deployment.memory) if (!killed.has(name)) peak.set(name, Math.max(peak.get(name) ?? 0, memory()))
  }
  const sampler = setInterval(sampleMemory, 250)
  const tap = deployment.redis ? await tapBus(deployment.redis, measures) : null
  try {
    for (let room = 0; room < ROOMS; room += 1) {
      const name = `bench/relays-${room}`
      writers.push(connectWriter(deployment.writerUrl, params, newWriter(name, 'marks'), measures))
      for (const url of deployment.readerUrls) readers.push(connectReader(url, name, params, measures))
      // Connecting hundreds of clients at once is a test of the accept queue, not of fan-out.
      await sleep(20)
    }
    await within(60_000, 'every client synced', Promise.all([...writers.map((writer) => synced(writer.provider)), ...readers.map(synced)]))

    let stopWriting = writeSteadily(writers)
    await sleep(WARM_UP_MS)
    const cpuBefore = cpuNow(deployment)
    measures.measuring = true
    await sleep(MEASURE_MS)
    measures.measuring = false
    const cpu = cpuSince(deployment, cpuBefore)
    stopWriting()
    await allAcknowledged(writers)

    const { throughput, cpu: burstCpu } = await burst(deployment, params, measures)

    let lost: Pick<Sample, 'lostAcknowledged' | 'missing' | 'missingLater'> = {}
    if (killFirst) {
      stopWriting = writeSteadily(writers)
      await sleep(1000)
      const [first, second] = deployment.relays
      sampleMemory()
      killed.add(KILLED)
      await first!.kill()
      const killedAt = performance.now()
      // The writers' devices go on through the second relay, with the same documents.
      for (const writer of writers) {
        close(writer.provider, false)
        connectWriter(second!.url, params, writer, measures)
      }
      await sleep(2000)
      stopWriting()
      await within(SETTLE_MS, 'the writers synced through relay 2', Promise.all(writers.map((writer) => synced(writer.provider))))
      await allAcknowledged(writers)
      const { acknowledged, made } = await missingFromPostgres(deployment.postgres!, writers)
      await sleep(killedAt + UNCONFIRMED_PATIENCE_MS + 2000 - performance.now())
      lost = { lostAcknowledged: acknowledged, missing: made, missingLater: (await missingFromPostgres(deployment.postgres!, writers)).made }
    }
    sampleMemory()
    measures.fanOut.sort((a, b) => a - b)
    measures.ack.sort((a, b) => a - b)
    measures.published.sort((a, b) => a - b)
    return {
      fanOutP50: percentile(measures.fanOut, 0.5),
      fanOutP99: percentile(measures.fanOut, 0.99),
      ackP50: percentile(measures.ack, 0.5),
      ackP99: percentile(measures.ack, 0.99),
      ...(tap ? { publishedP50: percentile(measures.published, 0.5), publishedP99: percentile(measures.published, 0.99) } : {}),
      throughput,
      memory: new Map([...peak].map(([name, bytes]) => [name, bytes / 1e6])),
      cpu,
      burstCpu,
      ...lost,
    }
  } finally {
    clearInterval(sampler)
    tap?.disconnect()
    for (const writer of writers) close(writer.provider, true)
    for (const reader of readers) close(reader, true)
  }
}

/**
 * Listens on the relays' Redis channel: each update published there holds its writer's `marks` entry,
 * whose `at` says when it was made.
 */
async function tapBus(url: string, measures: Measures): Promise<Redis> {
  const subscriber = new Redis(url)
  await subscriber.subscribe(BUS_CHANNEL)
  subscriber.on('messageBuffer', (_channel: Buffer, frame: Buffer) => {
    if (!measures.measuring) return
    const now = performance.now()
    const message = decodeBusFrame(new Uint8Array(frame), 'the bench')?.message
    if (message?.type !== 'update') return
    for (const struct of Y.decodeUpdate(message.update).structs) {
      if (struct instanceof Y.Item && struct.content instanceof Y.ContentAny) measures.published.push(now - (struct.content.arr[0] as { at: number }).at)
    }
  })
  return subscriber
}

const CLIENTS = 'the clients (this process)'

function cpuNow(deployment: Deployment): { at: number; used: Map<string, number> } {
  const { user, system } = process.cpuUsage()
  return { at: performance.now(), used: new Map([...[...deployment.cpu].map(([name, used]) => [name, used()] as const), [CLIENTS, (user + system) / 1000]]) }
}

/** Each process's CPU since `before`, in % of one core. */
function cpuSince(deployment: Deployment, before: ReturnType<typeof cpuNow>): Map<string, number> {
  const after = cpuNow(deployment)
  const elapsed = after.at - before.at
  return new Map([...after.used].map(([name, used]) => [name, ((used - before.used.get(name)!) / elapsed) * 100]))
}

/** Each writer makes an update UPDATES_PER_SECOND times a second, out of step with the others; returns what stops them. */
function writeSteadily(writers: Writer[]): () => void {
  const period = 1000 / UPDATES_PER_SECOND
  const timers = writers.map((writer, index) =>
    setTimeout(() => {
      timers[index] = setInterval(() => makeUpdate(writer), period)
    }, Math.random() * period),
  )
  return () => {
    for (const timer of timers) clearInterval(timer)
  }
}

/** One small update: a new key, holding when it was made. */
function makeUpdate(writer: Writer): void {
  writer.made += 1
  writer.doc.getMap<{ at: number }>(writer.map).set(String(writer.made), { at: performance.now() })
}

/** Stored updates a second over BURST_MS, from writers of their own (see BURST_WRITERS), closed after. */
async function burst(deployment: Deployment, params: Record<string, string>, measures: Measures): Promise<{ throughput: number; cpu: Map<string, number> }> {
  const writers: Writer[] = []
  try {
    for (let room = 0; room < ROOMS; room += 1) {
      for (let index = 0; index < BURST_WRITERS; index += 1)
        writers.push(connectWriter(deployment.writerUrl, params, newWriter(`bench/relays-${room}`, 'burst'), measures))
      await sleep(20)
    }
    await within(60_000, 'the throughput writers synced', Promise.all(writers.map((writer) => synced(writer.provider))))
    let stored = 0
    const cpuBefore = cpuNow(deployment)
    const start = performance.now()
    const topUp = (writer: Writer) => {
      const allowed = (BURST_RATE * (performance.now() - start)) / 1000
      while (writer.provider.wsconnected && writer.sent.length - writer.acknowledged < WINDOW && writer.made < allowed) makeUpdate(writer)
    }
    measures.onAck = (writer, count) => {
      stored += count
      topUp(writer)
    }
    // Those held back by the rate have no acknowledgement to wait for.
    const pacer = setInterval(() => {
      for (const writer of writers) topUp(writer)
    }, 10)
    await sleep(BURST_MS)
    clearInterval(pacer)
    measures.onAck = null
    const throughput = stored / ((performance.now() - start) / 1000)
    const cpu = cpuSince(deployment, cpuBefore)
    await allAcknowledged(writers)
    return { throughput, cpu }
  } finally {
    for (const writer of writers) close(writer.provider, true)
  }
}

/** Until every writer has been told that all it sent on its connection is stored. */
async function allAcknowledged(writers: Writer[]): Promise<void> {
  const deadline = performance.now() + SETTLE_MS
  while (writers.some((writer) => writer.acknowledged < writer.sent.length)) {
    if (performance.now() > deadline) throw new Error(`timed out after ${SETTLE_MS} ms waiting until every update sent was acknowledged`)
    await sleep(50)
  }
}

/** How many updates Postgres lacks of those the writers made, and of those they were told are stored. */
async function missingFromPostgres(postgres: string, writers: Writer[]): Promise<{ made: number; acknowledged: number }> {
  let acknowledged = 0
  let made = 0
  for (const writer of writers) {
    const stored = await storedDoc({ dataDir: '', postgres }, writer.room)
    const marks = stored?.getMap('marks')
    for (let update = 1; update <= writer.made; update += 1) {
      if (marks?.has(String(update))) continue
      made += 1
      if (update <= writer.storedUpTo) acknowledged += 1
    }
    stored?.destroy()
  }
  return { made, acknowledged }
}

const STEP_1 = 0

function newWriter(room: string, map: string): Writer {
  return { room, map, doc: new Y.Doc(), provider: null!, made: 0, sent: [], acknowledged: 0, storedUpTo: 0 }
}

/**
 * Connects the writer through a stock y-websocket client that asks for stored acknowledgements, and
 * notes each update-carrying frame it sends: the relay counts those, per connection, in its acknowledgements.
 */
function connectWriter(url: string, params: Record<string, string>, writer: Writer, measures: Measures): Writer {
  const provider = new WebsocketProvider(url, writer.room, writer.doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { ...params, [STORED_ACK_PARAM]: '1' },
    disableBc: true,
    maxBackoffTime: 300,
    // Connected below, once its sends are watched.
    connect: false,
  })
  provider.on('status', ({ status }: { status: string }) => {
    // A new socket: acknowledgements count afresh.
    if (status !== 'connecting' || !provider.ws) return
    writer.sent = []
    writer.acknowledged = 0
    const socket = provider.ws
    const send = socket.send.bind(socket)
    socket.send = (data) => {
      const frame = data as Uint8Array
      if (frame[0] === MESSAGE.sync && frame[1] !== STEP_1) writer.sent.push({ at: performance.now(), made: writer.made })
      send(data)
    }
  })
  provider.messageHandlers[MESSAGE.stored] = (_encoder, decoder) => {
    const count = readStored(decoder)
    const now = performance.now()
    for (const frame of writer.sent.slice(writer.acknowledged, count)) {
      if (measures.measuring) measures.ack.push(now - frame.at)
      writer.storedUpTo = Math.max(writer.storedUpTo, frame.made)
    }
    const newly = count - writer.acknowledged
    writer.acknowledged = count
    measures.onAck?.(writer, newly)
  }
  writer.provider = provider
  provider.connect()
  return writer
}

function connectReader(url: string, room: string, params: Record<string, string>, measures: Measures): WebsocketProvider {
  const doc = new Y.Doc()
  const marks = doc.getMap<{ at: number }>('marks')
  marks.observe((event) => {
    if (!measures.measuring || event.transaction.local) return
    const now = performance.now()
    for (const key of event.keysChanged) measures.fanOut.push(now - marks.get(key)!.at)
  })
  return new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params,
    disableBc: true,
  })
}

/** The provider, and its doc unless it is to be connected again: its awareness keeps a timer running until the doc is destroyed. */
function close(provider: WebsocketProvider, withDoc: boolean): void {
  provider.destroy()
  if (withDoc) provider.doc.destroy()
}

function rssOf(pid: number): number {
  const kilobytes = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  if (!kilobytes) throw new Error(`no VmRSS for process ${pid}`)
  return Number(kilobytes) * 1024
}

/**
 * Postgres's memory: the postmaster and its children (a backend per connection, and its workers),
 * each process's proportional share (PSS), so that the shared buffers they all map count once.
 */
function treePss(pid: number): number {
  const children = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry) && parentOf(entry) === pid)
  return [String(pid), ...children].reduce((sum, process) => sum + pssOf(process), 0)
}

/** CPU time (user and system) of Postgres's processes, in ms: its backends live as long as the relays' pools. */
function treeCpuMs(pid: number): number {
  const children = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry) && parentOf(entry) === pid)
  return [String(pid), ...children].reduce((sum, process) => sum + cpuMsOf(process), 0)
}

/** A process's CPU time, all its threads, from /proc (utime and stime, in ticks of 10 ms); 0 if it has gone. */
function cpuMsOf(pid: string): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return 0
  }
}

/** A process's parent, or null if it has gone. */
function parentOf(pid: string): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1])
  } catch {
    return null
  }
}

/** A process's PSS in bytes; 0 if it has gone since it was listed (a backend whose connection ended). */
function pssOf(pid: string): number {
  try {
    return Number(/Pss:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024
  } catch {
    return 0
  }
}
