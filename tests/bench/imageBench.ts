import { createHash } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { chromium } from '@playwright/test'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { Library } from '../../src/main/library/library.js'
import { FileSettingsStore } from '../../src/main/settings/fileSettingsStore.js'
import { SyncEngine, type SyncEvent } from '../../src/main/sync/syncEngine.js'
import type { StoredImage } from '../../src/shared/ipc/contract.js'
import { newDocumentContent } from '../../src/shared/model/documentBody.js'
import { startProcesses } from '../e2e/support/processes.js'
import { chromiumLaunchOptions } from '../helpers/chromium.js'
import { eventually } from '../helpers/eventually.js'
import { imageBody } from '../helpers/imageDocuments.js'
import { TempDirs } from '../helpers/tempDirs.js'
import { photos } from './photos.js'
import { mark, watch } from './appBench.js'
import { figure, report } from './report.js'
import { startRelay, type BenchRelay } from './servers.js'

const PHOTOS = 40
const TITLE = 'Forty photos'
const BODY_TEXT = 'The corridor before and after, in forty photos.'
/** Uploads and downloads at once, as the app's sync runs them (blobSync.ts). */
const AT_ONCE = 4
/** Generous: waiting is not what is measured. */
const WITHIN_MS = 300_000

interface Device {
  dataDir: string
  library: Library
  sync: SyncEngine
  events: SyncEvent[]
  /** Stops syncing and closes the library, leaving its folder. */
  close(): Promise<void>
  /** Closes it and removes its folder. */
  stop(): Promise<void>
}

/**
 * A case study with 40 photos of about 3 MB each (photos.ts), kept as they are (the original kept:
 * the most bytes a user can add), through a real relay:
 * - stored and uploaded: from the first photo given to the library to all 40 held by the relay;
 * - another device, joined and online, has them all: from the same start to its last one stored;
 * - a device joining later has them all: from its join to its last one stored.
 * The reference, in the same run: the same 40 files hashed, written and PUT to a bare Node HTTP server
 * on loopback that writes them to disk, four at a time; and fetched back from it, four at a time.
 */
export async function imageBench(runs: number): Promise<void> {
  const images = photos(PHOTOS)
  const megabytes = Math.round(images.reduce((sum, image) => sum + image.length, 0) / 1e6)
  const samples = {
    uploaded: [] as number[],
    other: [] as number[],
    joining: [] as number[],
    rawUp: [] as number[],
    rawDown: [] as number[],
    paint: [] as number[],
    filled: [] as number[],
  }
  for (let run = 1; run <= runs; run += 1) {
    process.stderr.write(`images: run ${run} of ${runs} (${PHOTOS} photos, ${megabytes} MB)\n`)
    const raw = await rawTransfer(images)
    samples.rawUp.push(raw.up)
    samples.rawDown.push(raw.down)
    const relay = await startRelay()
    const devices: Device[] = []
    try {
      const [author, other] = [await device(relay, 'Ana'), await device(relay, 'Bo')]
      devices.push(author, other)
      const started = performance.now()
      const stored: StoredImage[] = []
      for (const image of images) stored.push(await author.library.blobs.put(image))
      await author.library.create(newDocumentContent({ kind: 'case-study', title: TITLE, network: 'bench' }, imageBody(stored, BODY_TEXT)))
      const hashes = stored.map((image) => image.hash)
      await eventually(async () => (await storedOnRelay(relay)) >= PHOTOS, 'the relay holds every photo', WITHIN_MS)
      samples.uploaded.push(performance.now() - started)
      await eventually(() => arrivedAll(other, hashes), 'the other device has every photo', WITHIN_MS)
      samples.other.push(lastArrival(other, hashes) - started)

      const joining = await device(relay, 'Chen', false)
      devices.push(joining)
      const joined = performance.now()
      await joining.sync.join({ relayUrl: relay.url, token: await relay.invite('Chen') })
      await eventually(() => arrivedAll(joining, hashes), 'the joining device has every photo', WITHIN_MS)
      samples.joining.push(lastArrival(joining, hashes) - joined)

      // Opened in the window of the device that joined, its photos all here: the document's own library, given to a shell.
      await joining.close()
      const opened = await openInWindow(joining.dataDir, PHOTOS)
      samples.paint.push(opened.paint)
      samples.filled.push(opened.filled)
    } finally {
      for (const each of devices) await each.stop()
      await relay.stop()
    }
  }
  const reference = (values: number[], what: string) => ({ name: `raw: ${what}`, values })
  await report('images', runs, [
    figure(`${PHOTOS} photos (${megabytes} MB): stored and uploaded`, 'ms', samples.uploaded, reference(samples.rawUp, 'hash, write, PUT')),
    figure(`${PHOTOS} photos: another device, online, has them all`, 'ms', samples.other, reference(samples.rawDown, 'GET back')),
    figure(`${PHOTOS} photos: a device joining later has them all`, 'ms', samples.joining, reference(samples.rawDown, 'GET back')),
    figure('opening it: click to first paint of its text', 'ms', samples.paint, undefined, '≤ 1000 ms'),
    figure(`opening it: click to all ${PHOTOS} photos shown`, 'ms', samples.filled),
  ])
}

/**
 * Opens the document in Chromium through a browser shell on `dataDir`: from the click on its row to
 * its text drawn (watchPage, as appBench measures it), and to every photo decoded and shown.
 */
async function openInWindow(dataDir: string, count: number): Promise<{ paint: number; filled: number }> {
  const browser = await chromium.launch(chromiumLaunchOptions())
  const { processes, stopAll } = startProcesses()
  try {
    const shell = await processes.shell(dataDir)
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    await watch(context, [BODY_TEXT])
    const page = await context.newPage()
    await page.goto(shell.url)
    await page.getByRole('button', { name: TITLE, exact: true }).click()
    const clicked = await mark(page, 'click')
    const paint = (await mark(page, BODY_TEXT)) - clicked
    const filled = await page.waitForFunction(
      (wanted) => {
        const page = globalThis as unknown as ImagesPage
        const shown = [...page.document.querySelectorAll('.document-body img')].filter((image) => image.complete && image.naturalWidth > 0)
        return shown.length >= wanted && performance.timeOrigin + performance.now()
      },
      count,
      { timeout: WITHIN_MS, polling: 'raf' },
    )
    return { paint, filled: ((await filled.jsonValue()) as number) - clicked }
  } finally {
    await stopAll()
    await browser.close()
  }
}

/** What openInWindow reads in the page (this file is compiled without the DOM's types). */
interface ImagesPage {
  document: { querySelectorAll(selector: string): Iterable<{ complete: boolean; naturalWidth: number }> }
}

/** Arrival times, by hash, noted as the sync tells them: the event carries none, so each is noted as it comes. */
const arrivals = new WeakMap<Device, Map<string, number>>()

async function device(relay: BenchRelay, name: string, join = true): Promise<Device> {
  const dirs = new TempDirs('casebook-bench-images-')
  const dataDir = dirs.make()
  const library = await Library.open(dataDir)
  const events: SyncEvent[] = []
  const times = new Map<string, number>()
  let closing: Promise<void> | null = null
  const sync = await SyncEngine.start(library, new FileSettingsStore(dataDir), dataDir, (event) => {
    events.push(event)
    if (event.type === 'blobs-arrived') for (const hash of event.hashes) times.set(hash, performance.now())
    if (event.type === 'blob-error') process.stderr.write(`images: ${name} could not sync ${event.hash}: ${String(event.error)}\n`)
  })
  const made: Device = {
    dataDir,
    library,
    sync,
    events,
    close: () =>
      (closing ??= (async () => {
        await sync.stop()
        await library.close()
      })()),
    async stop() {
      await made.close()
      dirs.removeAll()
    },
  }
  arrivals.set(made, times)
  if (join) await sync.join({ relayUrl: relay.url, token: await relay.invite(name) })
  return made
}

function arrivedAll(device: Device, hashes: string[]): boolean {
  const times = arrivals.get(device)!
  return hashes.every((hash) => times.has(hash))
}

function lastArrival(device: Device, hashes: string[]): number {
  const times = arrivals.get(device)!
  return Math.max(...hashes.map((hash) => times.get(hash)!))
}

async function storedOnRelay(relay: BenchRelay): Promise<number> {
  const metrics = await relay.metrics()
  return metrics.get('casebook_relay_blobs_stored_total') ?? 0
}

/** The same photos hashed, written to disk and PUT to a bare HTTP server that writes them, then fetched back: four at a time. */
async function rawTransfer(images: Uint8Array[]): Promise<{ up: number; down: number }> {
  const dirs = new TempDirs('casebook-bench-raw-')
  const [local, remote] = [dirs.make(), dirs.make()]
  const held = new Map<string, Uint8Array>()
  const server = await listen(
    createServer((request, response) => {
      const name = (request.url ?? '/').slice(1)
      if (request.method === 'GET') return void response.end(held.get(name))
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', async () => {
        const bytes = Buffer.concat(chunks)
        await writeFile(join(remote, name), bytes)
        held.set(name, bytes)
        response.writeHead(201).end()
      })
    }),
  )
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  try {
    const startedUp = performance.now()
    const names = await inTurns(images, async (image) => {
      const hash = createHash('sha256').update(image).digest('hex')
      await writeFile(join(local, hash), image)
      await fetch(`${base}/${hash}`, { method: 'PUT', body: image })
      return hash
    })
    const up = performance.now() - startedUp
    const startedDown = performance.now()
    await inTurns(names, async (name) => {
      const bytes = new Uint8Array(await (await fetch(`${base}/${name}`)).arrayBuffer())
      await writeFile(join(local, `${name}.copy`), bytes)
    })
    return { up, down: performance.now() - startedDown }
  } finally {
    await new Promise((resolve) => server.close(resolve))
    dirs.removeAll()
  }
}

async function inTurns<T, R>(items: T[], each: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: AT_ONCE }, async () => {
      while (next < items.length) {
        const at = next++
        results[at] = await each(items[at]!)
      }
    }),
  )
  return results
}

function listen(server: Server): Promise<Server> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}
