import { setTimeout as sleep } from 'node:timers/promises'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { Library } from '../../src/main/library/library.js'
import { FileSettingsStore } from '../../src/main/settings/fileSettingsStore.js'
import { SyncEngine } from '../../src/main/sync/syncEngine.js'
import { BODY_FRAGMENT } from '../../src/shared/model/document.js'
import { startCountingProxy } from './countingProxy.js'
import { figure, report } from './report.js'
import { startRelay, type BenchServer } from './servers.js'
import { eventually } from '../helpers/eventually.js'
import { seedRelay } from '../helpers/seedRelay.js'
import { everyDocumentSynced } from '../helpers/syncSettled.js'
import { TempDirs } from '../helpers/tempDirs.js'

/**
 * Background sync of a whole network, against Casebook's relay on loopback:
 * - a fresh device joins a network of JOIN_DOCUMENTS documents (500 unless set): time until all are in its library, and the
 *   most sockets it had open to the relay at once, counted by a proxy in front of it (the feed, the
 *   documents syncing, and those still closing). The reference, in the same run, is the naive way:
 *   one stock y-websocket provider per document, all connected at once;
 * - with all synced, one document changes on another device: time until the change is in the
 *   fresh device's library (the median of CHANGES changes per run).
 */
const DOCUMENTS = Number(process.env['JOIN_DOCUMENTS'] ?? 500)
const CHANGES = 20
/** Generous: waiting for syncs is not what is measured. */
const SYNCED_WITHIN_MS = 120_000

interface Device {
  library: Library
  sync: SyncEngine
  stop(): Promise<void>
}

async function device(): Promise<Device> {
  const dirs = new TempDirs('casebook-bench-device-')
  const dir = dirs.make()
  const library = await Library.open(dir)
  const sync = await SyncEngine.start(library, new FileSettingsStore(dir), dir)
  return {
    library,
    sync,
    async stop() {
      await sync.stop()
      await library.close()
      dirs.removeAll()
    },
  }
}

export async function networkBench(runs: number): Promise<void> {
  const samples = { join: [] as number[], sockets: [] as number[], naive: [] as number[], naiveSockets: [] as number[], change: [] as number[] }
  for (let run = 1; run <= runs; run += 1) {
    process.stderr.write(`network-sync: run ${run} of ${runs}\n`)
    // The network's documents are written straight into the relay's store (seedRelay says why).
    const relayDirs = new TempDirs('casebook-bench-network-')
    const dataDir = relayDirs.make()
    const ids = seedRelay(dataDir, 'bench', DOCUMENTS)
    const relay = await startRelay([], { dataDir })
    const invite = { relayUrl: relay.url, token: relay.params['token']! }
    // The fresh device reaches the relay through it, so that its sockets are counted.
    const proxy = await startCountingProxy(relay.url)
    let author: Device | null = null
    let fresh: Device | null = null
    try {
      fresh = await device()
      // Counted as they are stored: listing the whole library every few ms would slow the join it measures.
      let adopted = 0
      const allLocal = new Promise<void>((resolve) => {
        const stop = fresh!.library.watch((change) => {
          if (change.cause !== 'adopt' || ++adopted < DOCUMENTS) return
          stop()
          resolve()
        })
      })
      const started = performance.now()
      await fresh.sync.join({ ...invite, relayUrl: proxy.url })
      await allLocal
      samples.join.push(performance.now() - started)
      await everyDocumentSynced(fresh, SYNCED_WITHIN_MS)
      // Connections open at once as the relay sees them: the feed, the document syncs, and those still closing.
      samples.sockets.push(proxy.peak)
      author = await device()
      await author.sync.join(invite)
      // Every document listed first: everyDocumentSynced looks only at those listed so far.
      const listed = author
      await eventually(() => ids.every((id) => listed.library.isListed(id)), 'the author has every document', SYNCED_WITHIN_MS)
      await everyDocumentSynced(author, SYNCED_WITHIN_MS)

      const naive = await naiveJoin(relay, ids)
      samples.naive.push(naive.ms)
      samples.naiveSockets.push(naive.sockets)

      const latencies: number[] = []
      for (let n = 0; n < CHANGES; n += 1) latencies.push(await changeArrives(author!, fresh, ids[Math.floor(Math.random() * ids.length)]!))
      samples.change.push(latencies.sort((a, b) => a - b)[Math.floor(latencies.length / 2)]!)
    } finally {
      await fresh?.stop()
      await author?.stop()
      await proxy.stop()
      await relay.stop()
      relayDirs.removeAll()
    }
  }
  const naive = 'one stock provider per document'
  await report('network-sync', runs, [
    figure(`join a network of ${DOCUMENTS} documents: all local`, 'ms', samples.join, { name: naive, values: samples.naive }, '≤ 10,000 ms'),
    figure('join: most sockets open at once', 'sockets', samples.sockets, { name: naive, values: samples.naiveSockets }, 'bounded'),
    figure(`one remote change, ${DOCUMENTS} documents synced: local after`, 'ms', samples.change, undefined),
  ])
}

/** The time from an edit on one device until the other device's library holds it. */
async function changeArrives(from: Device, to: Device, id: string): Promise<number> {
  const arrived = new Promise<number>((resolve) => {
    const stop = to.library.watch((change) => {
      if (change.id === id && change.cause === 'edit' && change.origin instanceof WebsocketProvider) {
        stop()
        resolve(performance.now())
      }
    })
  })
  const handle = await from.library.open(id)
  const started = performance.now()
  handle.doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText('a change')])
    handle.doc.getXmlFragment(BODY_FRAGMENT).push([paragraph])
  })
  const at = await arrived
  await handle.close()
  await sleep(50)
  return at - started
}

/** Every document fetched at once, a socket each, as a client without a feed would have to. */
async function naiveJoin(relay: BenchServer, ids: string[]): Promise<{ ms: number; sockets: number }> {
  // Every stock provider listens for the process's exit.
  process.setMaxListeners(0)
  const started = performance.now()
  const providers = ids.map(
    (id) =>
      new WebsocketProvider(relay.url, `bench/${id}`, new Y.Doc({ guid: id }), {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        params: relay.params,
        disableBc: true,
      }),
  )
  await Promise.all(providers.map((provider) => (provider.synced ? undefined : new Promise((resolve) => provider.once('sync', resolve)))))
  const ms = performance.now() - started
  for (const provider of providers) {
    provider.destroy()
    provider.doc.destroy()
  }
  return { ms, sockets: providers.length }
}
