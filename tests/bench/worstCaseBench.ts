import { setTimeout as sleep } from 'node:timers/promises'
import * as Y from 'yjs'
import { DEFAULT_LIMITS } from '../../src/relay/limits.js'
import { RelayStore } from '../../src/relay/store.js'
import { CLOSE } from '../../src/shared/protocol/closeCodes.js'
import { encodeSyncStep1, encodeUpdate } from '../../src/shared/protocol/syncFrames.js'
import { typedBackwardsUpdate } from '../helpers/largeDocuments.js'
import { TempDirs } from '../helpers/tempDirs.js'
import { openAs, poll } from './abuseBench.js'
import { figure, median, report } from './report.js'
import { startRelay, type BenchRelay } from './servers.js'

/**
 * The relay's worst document: as near --max-document-bytes (32 MiB) as leaves room for what the bench
 * then sends, of one-character items typed backwards (so none merge: 3 million of them), stored as a
 * snapshot. A relay with its default limits is started on it, and while /healthz is polled without
 * pause, one client, in turn:
 * - joins, so that the relay loads the document (until it sends its step 1);
 * - asks for all of it (a step 1 with an empty state vector) and receives the step 2;
 * - on a connection of its own, sends an update that would cost Yjs's conflict scan billions of steps:
 *   1,000 characters typed backwards by a writer with a higher client id who never saw the document
 *   (applied, it would hold the relay for hours), which the relay must refuse (4415);
 * - sends the largest update allowed (--max-update-items, 100,000 items typed backwards before the
 *   document's first character), then 500 small ones, so that the relay compacts the document;
 * - sends one more and leaves, so that the relay unloads the document and compacts it again.
 * Measured: the worst and median /healthz latency of each phase, the load time, the time until both
 * compactions are done, and the relay's peak resident memory. On a machine shared with other work, a
 * slow /healthz answer may be the relay waiting for a core rather than busy: so for each phase, the
 * most CPU time the relay's main thread used between two answers (to the kernel's 10 ms tick) is
 * reported too, the longest its event loop could have been held by its own work.
 */
const DOCUMENT = 'bench/worst'
const SMALL_UPDATES = 500

const COSTLY_ITEMS = 1000

const PHASES = ['loading', 'step 2', 'an update that costs a long scan', 'largest update', `${SMALL_UPDATES} updates`, 'unloading and compacting'] as const
type Phase = (typeof PHASES)[number]

interface Sample {
  worst: Map<Phase, number>
  median: Map<Phase, number>
  /** The most main-thread CPU time the relay used between two /healthz answers. */
  busy: Map<Phase, number>
  loadMs: number
  compactedMs: number
  rss: number
}

export async function worstCaseBench(runs: number): Promise<void> {
  // Client ids of 2^28 or more take 5 bytes, as 15 random ids in 16 do.
  const [writer, other] = [2 ** 28 + 1, 2 ** 28 + 2]
  // Its head's clock takes as many bytes whatever the document's size.
  const sized = typedBackwardsUpdate(DEFAULT_LIMITS.maxUpdateItems, other, { client: writer, clock: 3_000_000 })
  // What is left once the update and the small updates are stored.
  const items = itemsUnder(DEFAULT_LIMITS.maxDocumentBytes - sized.byteLength - 64 * 1024, writer)
  const snapshot = typedBackwardsUpdate(items, writer, null)
  const update = typedBackwardsUpdate(DEFAULT_LIMITS.maxUpdateItems, other, { client: writer, clock: items - 1 })
  process.stderr.write(`worst: a snapshot of ${items.toLocaleString('en-US')} items (${mebibytes(snapshot)}), an update of ${mebibytes(update)}\n`)
  const samples: Sample[] = []
  for (let run = 1; run <= runs; run += 1) {
    process.stderr.write(`worst: run ${run} of ${runs}\n`)
    const dirs = new TempDirs('casebook-bench-worst-')
    const dataDir = dirs.make()
    const store = new RelayStore(dataDir)
    store.compact(DOCUMENT, snapshot, 0)
    store.close()
    const server = await startRelay([], { liftLimits: false, dataDir })
    try {
      samples.push(await measure(server, update))
    } finally {
      await server.stop()
      dirs.removeAll()
    }
  }
  const each = (key: 'worst' | 'median' | 'busy', phase: Phase) => samples.map((sample) => sample[key].get(phase) ?? 0)
  await report('relay-worst-case', runs, [
    figure(
      'load the document: until its step 1 is sent',
      'ms',
      samples.map((sample) => sample.loadMs),
    ),
    figure(
      'from the first update until both compactions are done',
      'ms',
      samples.map((sample) => sample.compactedMs),
    ),
    ...PHASES.flatMap((phase) => [
      figure(`/healthz latency while ${phase}, worst`, 'ms', each('worst', phase), undefined, '≤ 250 ms'),
      figure(`/healthz latency while ${phase}, median`, 'ms', each('median', phase)),
      figure(`relay main-thread CPU between two /healthz answers while ${phase}, most`, 'ms', each('busy', phase), undefined, '≤ 250 ms'),
    ]),
    figure(
      'relay resident memory (peak)',
      'MB',
      samples.map((sample) => sample.rss),
    ),
  ])
}

async function measure(server: BenchRelay, update: Uint8Array): Promise<Sample> {
  const latencies = new Map<Phase, number[]>()
  const busy = new Map<Phase, number>()
  let phase: Phase = 'loading'
  let measuring = true
  let peakRss = 0
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, server.rss())), 100)
  let cpuBefore = server.mainThreadCpuMs()
  const polling = poll(
    `${server.url.replace(/^ws:/, 'http:')}/healthz`,
    (latency) => {
      const cpu = server.mainThreadCpuMs()
      latencies.set(phase, [...(latencies.get(phase) ?? []), latency])
      busy.set(phase, Math.max(busy.get(phase) ?? 0, cpu - cpuBefore))
      cpuBefore = cpu
    },
    () => measuring,
  )
  try {
    const token = await server.invite('Writer')
    const started = performance.now()
    const client = await openAs(server, token, `/${DOCUMENT}`)
    say('loading', await client.loaded())
    const loadMs = performance.now() - started
    phase = 'step 2'
    client.ws.send(encodeSyncStep1(new Y.Doc()))
    say(phase, await client.answered())
    phase = 'an update that costs a long scan'
    const attacker = await openAs(server, token, `/${DOCUMENT}`)
    attacker.ws.send(encodeUpdate(typedBackwardsUpdate(COSTLY_ITEMS, 2 ** 31, null)))
    const refusal = await attacker.outcome(1)
    say(phase, refusal)
    if (refusal !== `closed with ${CLOSE.updateTooCostly.code}`) throw new Error(`the relay did not refuse the costly update: ${refusal}`)
    phase = 'largest update'
    const compacting = performance.now()
    client.ws.send(encodeUpdate(update))
    say(phase, await client.outcome(1))
    phase = `${SMALL_UPDATES} updates`
    const smalls = smallUpdates(SMALL_UPDATES + 1)
    const last = smalls.pop()!
    for (const small of smalls) client.ws.send(encodeUpdate(small))
    say(phase, await client.outcome(1 + SMALL_UPDATES))
    await compacted(server, 1)
    phase = 'unloading and compacting'
    // One more, for the unloading to compact.
    client.ws.send(encodeUpdate(last))
    say(phase, await client.outcome(2 + SMALL_UPDATES))
    client.ws.close()
    await compacted(server, 2)
    const compactedMs = performance.now() - compacting
    await sleep(500)
    measuring = false
    await polling
    const worst = new Map(PHASES.map((each) => [each, Math.max(...(latencies.get(each) ?? [0]))]))
    say(
      'worst /healthz latency while',
      [...worst].map(([during, ms]) => `${during} ${ms.toFixed(0)} ms (main thread busy ${busy.get(during) ?? 0} ms at most)`).join(', '),
    )
    return { worst, busy, median: new Map(PHASES.map((each) => [each, median(latencies.get(each) ?? [0])])), loadMs, compactedMs, rss: peakRss / 1e6 }
  } finally {
    measuring = false
    clearInterval(sampler)
    await polling.catch(() => {})
  }
}

/** Resolves once the relay has done `count` compactions, from its /metrics. */
async function compacted(server: BenchRelay, count: number): Promise<void> {
  const deadline = performance.now() + 300_000
  while (((await server.metrics()).get('casebook_relay_compactions_total') ?? 0) < count) {
    if (performance.now() > deadline) throw new Error(`the relay did not do ${count} compactions in 5 minutes`)
    await sleep(50)
  }
}

/** Small updates of one writer, each setting a key of a map. */
function smallUpdates(count: number): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  for (let index = 0; index < count; index += 1) doc.getMap('m').set(`key ${index % 10}`, index)
  return updates
}

/** The most items typed backwards by `client` whose update is at most `bytes`. */
function itemsUnder(bytes: number, client: number): number {
  let items = Math.floor(bytes / 11)
  while (typedBackwardsUpdate(items, client, null).byteLength > bytes) items -= Math.ceil(items / 100)
  return items
}

function mebibytes(update: Uint8Array): string {
  return `${(update.byteLength / 2 ** 20).toFixed(2)} MiB`
}

function say(what: string, outcome: string): void {
  process.stderr.write(`worst: ${what}: ${outcome}\n`)
}
