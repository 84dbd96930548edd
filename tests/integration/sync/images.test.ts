import Database from 'better-sqlite3'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isCasebookError } from '../../../src/shared/errors.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import type { Backend } from '../../helpers/backends.js'
import { hasDocument, useBackends } from '../../helpers/backends.js'
import { eventually } from '../../helpers/clients.js'
import { jpegImage, pngImage } from '../../helpers/images.js'
import { appendImage, imageBody } from '../../helpers/imageDocuments.js'
import { useRelays, type RelayProcess } from '../../helpers/relay.js'

/** Whether the relay answers that it holds the image for network brt. */
async function relayHolds(relay: RelayProcess, hash: string): Promise<boolean> {
  const token = await relay.invite('brt', 'viewer', { name: 'Checker' })
  const response = await fetch(`${relay.http}/blobs/brt/${hash}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } })
  return response.status === 200
}

const arrived = (backend: Backend) => backend.events.flatMap((event) => (event.type === 'blobs-arrived' ? event.hashes : []))
const blobErrors = (backend: Backend) => backend.events.flatMap((event) => (event.type === 'blob-error' ? [event] : []))

describe('images through the relay', () => {
  const relays = useRelays()
  const backends = useBackends()

  async function joined(relay: RelayProcess, role: 'member' | 'viewer' = 'member', name = 'Ana') {
    const backend = await backends.start()
    await backend.sync.join({ relayUrl: relay.url, token: await relay.invite('brt', role, { name }) })
    return backend
  }

  const caseStudy = (title: string, images: Awaited<ReturnType<Backend['library']['blobs']['put']>>[]) =>
    newDocumentContent({ kind: 'case-study', title, network: 'brt', city: 'Lagos' }, imageBody(images))

  it('brings an image added on one device to the other, bytes unchanged, and tells the windows', async () => {
    const relay = await relays.start()
    const [a, b] = [await joined(relay), await joined(relay, 'member', 'Bo')]
    const bytes = jpegImage(120, 80, 7)
    const photo = await a.library.blobs.put(bytes)
    const id = await a.library.create(caseStudy('New station', [photo]))
    await eventually(() => hasDocument(b, id), 'the document reaches B')
    await eventually(async () => (await b.library.blobs.get(photo.hash)) !== null, 'the image reaches B')
    expect(Buffer.from((await b.library.blobs.get(photo.hash))!)).toEqual(Buffer.from(bytes))
    expect(arrived(b)).toEqual([photo.hash])
    expect(await relayHolds(relay, photo.hash)).toBe(true)
    expect(blobErrors(a).concat(blobErrors(b))).toEqual([])
  })

  it('sends an image added offline once the relay is back, and it then reaches the other device', async () => {
    const relay = await relays.start()
    const [a, b] = [await joined(relay), await joined(relay, 'member', 'Bo')]
    relay.process.kill('SIGTERM')
    await relay.exited
    await eventually(() => !a.sync.networks()[0]!.online, 'A sees the network offline')
    const bytes = pngImage(64, 48, 8)
    const photo = await a.library.blobs.put(bytes)
    const id = await a.library.create(caseStudy('Written on the train', []))
    const handle = await a.library.open(id)
    appendImage(handle.doc, photo)
    await handle.close()
    // Shown at once here, from the library, while nothing has gone out.
    expect(await a.library.blobs.has(photo.hash)).toBe(true)

    const back = await relays.start({ dataDir: relay.dataDir, port: relay.port })
    await eventually(() => relayHolds(back, photo.hash), 'the image reaches the relay once it is back', 20_000)
    await eventually(async () => (await b.library.blobs.get(photo.hash)) !== null, 'the image reaches B', 20_000)
    expect(Buffer.from((await b.library.blobs.get(photo.hash))!)).toEqual(Buffer.from(bytes))
    expect(arrived(b)).toContain(photo.hash)
  })

  it('refuses an image whose bytes the relay altered, stores nothing, and says which', async () => {
    const relay = await relays.start()
    const a = await joined(relay)
    const photo = await a.library.blobs.put(pngImage(32, 32, 9))
    // The relay's copy replaced by another real image under the same name, as a hostile relay could.
    const db = new Database(join(relay.dataDir, 'relay.sqlite'))
    db.prepare('insert into blobs (network, hash, size, stored_at, data) values (?, ?, ?, ?, ?)').run(
      'brt',
      photo.hash,
      100,
      Date.now(),
      Buffer.from(pngImage(32, 32, 10)),
    )
    db.close()
    const id = await a.library.create(caseStudy('Depot', [photo]))

    const b = await joined(relay, 'member', 'Bo')
    await eventually(() => hasDocument(b, id), 'the document reaches B')
    await eventually(() => blobErrors(b).length > 0, 'B says the image could not be synced')
    const [refused] = blobErrors(b)
    expect(refused?.hash).toBe(photo.hash)
    expect(isCasebookError(refused?.error, 'INVALID_IMAGE') && refused.error.reason).toBe('hashMismatch')
    expect(await b.library.blobs.has(photo.hash)).toBe(false)
    expect(await readdir(join(b.dataDir, 'library', 'blobs'))).toEqual([])
    expect(arrived(b)).toEqual([])
  })

  it("never sends a viewer's image", async () => {
    const relay = await relays.start()
    const [member, viewer] = [await joined(relay), await joined(relay, 'viewer', 'Vi')]
    const id = await member.library.create(caseStudy('Ridership', []))
    await eventually(() => hasDocument(viewer, id), 'the document reaches the viewer')
    const own = await viewer.library.blobs.put(pngImage(30, 20, 11))
    const handle = await viewer.library.open(id)
    appendImage(handle.doc, own)
    await handle.close()
    await eventually(() => viewer.sync.state(id) === 'synced', "the viewer's round of the document is over")
    // A later image from the member comes in a later pass, after the one that had the viewer's image.
    const chart = await member.library.blobs.put(pngImage(30, 20, 12))
    await member.library.create(caseStudy('Chart', [chart]))
    await eventually(() => arrived(viewer).includes(chart.hash), "the member's image reaches the viewer")
    expect(blobErrors(viewer)).toEqual([])
    expect(await relayHolds(relay, own.hash)).toBe(false)
  })
})
