import { setTimeout as sleep } from 'node:timers/promises'
import * as decoding from 'lib0/decoding'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { Library } from '../../src/main/library/library.js'
import { FileSettingsStore } from '../../src/main/settings/fileSettingsStore.js'
import { SyncEngine } from '../../src/main/sync/syncEngine.js'
import { BODY_FRAGMENT } from '../../src/shared/model/document.js'
import { newDocumentContent } from '../../src/shared/model/documentBody.js'
import { MESSAGE } from '../../src/shared/protocol/messages.js'
import { startNode } from '../helpers/childProcess.js'
import { appendParagraph } from '../helpers/documents.js'
import { figure, report } from './report.js'
import { startRelay, type BenchServer } from './servers.js'
import { TempDirs } from '../helpers/tempDirs.js'

/**
 * A document written offline, over the relay's 2 MiB message cap (30,000 one-character edits, 2,000
 * paragraphs and a 2 MB paste), sent by a device as it joins the network:
 * - the time until the device reports it saved on the network;
 * - the longest the relay meanwhile took to answer /healthz, asked every 10 ms from another
 *   process: how long its other rooms waited.
 * The reference, in the same run, is a stock y-websocket provider sending the same document in one
 * message, to a relay whose cap is raised to take it.
 */
const CAP_FOR_ONE_MESSAGE = String(64 << 20)

export async function largeDocumentBench(runs: number): Promise<void> {
  const body = writtenOffline()
  const samples = { saved: [] as number[], stall: [] as number[], oneSaved: [] as number[], oneStall: [] as number[] }
  const measure = async (args: string[], send: (relay: BenchServer, body: Uint8Array) => Promise<() => Promise<void>>) => {
    const relay = await startRelay(args)
    try {
      return await whileProbing(relay, () => send(relay, body))
    } finally {
      await relay.stop()
    }
  }
  for (let run = 1; run <= runs; run += 1) {
    process.stderr.write(`large-document: run ${run} of ${runs}\n`)
    const cut = await measure([], sendFromDevice)
    samples.saved.push(cut.ms)
    samples.stall.push(cut.stall)
    const whole = await measure(['--max-message-bytes', CAP_FOR_ONE_MESSAGE], sendInOneMessage)
    samples.oneSaved.push(whole.ms)
    samples.oneStall.push(whole.stall)
  }
  const one = 'stock provider, one message'
  await report('large-document', runs, [
    figure(`send a document of ${(body.byteLength / 1e6).toFixed(1)} MB written offline: saved after`, 'ms', samples.saved, {
      name: one,
      values: samples.oneSaved,
    }),
    figure('meanwhile, longest /healthz answer', 'ms', samples.stall, { name: one, values: samples.oneStall }),
  ])
}

/** The body (and its history) of the document, as one update. */
function writtenOffline(): Uint8Array {
  const doc = new Y.Doc()
  appendParagraph(doc, '')
  const text = (doc.getXmlFragment(BODY_FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText
  for (let n = 0; n < 30_000; n += 1) text.insert(Math.floor(Math.random() * (text.length + 1)), 'x')
  for (let n = 0; n < 2000; n += 1) appendParagraph(doc, `Section ${n}: ${'the corridor carried riders at peak hours. '.repeat(24)}`)
  appendParagraph(doc, 'ridership by station and hour; '.repeat(65_000))
  return Y.encodeStateAsUpdate(doc)
}

/**
 * How long `send` took, and the longest /healthz answer of the relay meanwhile. `send` resolves to
 * what closes its connection, which makes the relay store the document's snapshot: that is not
 * sending, so it is left out.
 */
async function whileProbing(relay: BenchServer, send: () => Promise<() => Promise<void>>): Promise<{ ms: number; stall: number }> {
  const healthz = `${relay.url.replace(/^ws:/, 'http:')}/healthz`
  // Probing from this process would count the client's own work as the relay's.
  const probe = startNode(
    [
      '-e',
      `let longest = 0, stop = false; process.stdin.on('end', () => (stop = true)).resume();
      (async () => { while (!stop) { const at = performance.now(); await fetch(${JSON.stringify(healthz)}); longest = Math.max(longest, performance.now() - at); await new Promise((r) => setTimeout(r, 10)) } process.stdout.write(String(longest)) })()`,
    ],
    { name: 'the /healthz probe', stdin: 'pipe' },
  )
  await sleep(200)
  const started = performance.now()
  const close = await send()
  const ms = performance.now() - started
  probe.process.stdin!.end()
  await probe.exited
  await close()
  return { ms, stall: Number(probe.stdout()) }
}

async function sendFromDevice(relay: BenchServer, body: Uint8Array): Promise<() => Promise<void>> {
  const dirs = new TempDirs('casebook-bench-device-')
  const dir = dirs.make()
  const library = await Library.open(dir)
  const id = await library.create(newDocumentContent({ kind: 'case-study', title: 'Corridor report', network: 'bench', city: 'Lagos' }))
  const handle = await library.open(id)
  Y.applyUpdate(handle.doc, body)
  await handle.close()
  const sync = await SyncEngine.start(library, new FileSettingsStore(dir), dir)
  const close = async () => {
    await sync.stop()
    await library.close()
    dirs.removeAll()
  }
  await sync.join({ relayUrl: relay.url, token: relay.params['token']! })
  while (sync.state(id) !== 'saved') await sleep(5)
  return close
}

/** A stock provider answers the relay's sync step 1 with one message; it is saved once the relay says it stored it. */
async function sendInOneMessage(relay: BenchServer, body: Uint8Array): Promise<() => Promise<void>> {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, body)
  const provider = new WebsocketProvider(relay.url, 'bench/one-message', doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { ...relay.params, ack: '1' },
    disableBc: true,
  })
  const stored = new Promise<void>((resolve) => {
    provider.messageHandlers[MESSAGE.stored] = (_encoder, decoder) => {
      if (decoding.readVarUint(decoder) >= 1) resolve()
    }
  })
  await stored
  return async () => {
    provider.destroy()
    doc.destroy()
  }
}
