import Database from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Awareness } from 'y-protocols/awareness'
import { BlobSync } from '../../../src/main/sync/blobSync.js'
import { BlobsOnRelay, blobsOnRelayPath } from '../../../src/main/sync/BlobsOnRelay.js'
import { isCasebookError } from '../../../src/shared/errors.js'
import type { StoredImage } from '../../../src/shared/ipc/contract.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import type { Backend } from '../../helpers/backends.js'
import { hasDocument, useBackends } from '../../helpers/backends.js'
import { eventually } from '../../helpers/clients.js'
import { jpegImage, pngImage } from '../../helpers/images.js'
import { appendImage, imageBody } from '../../helpers/imageDocuments.js'
import { useRelays, type RelayProcess } from '../../helpers/relay.js'
import { joinWorkshop, startWorkshop } from '../../helpers/relayWorkshops.js'

/** Whether the relay answers that it holds the image for network brt. */
async function relayHolds(relay: RelayProcess, hash: string): Promise<boolean> {
  const token = await relay.invite('brt', 'viewer', { name: 'Checker' })
  const response = await fetch(`${relay.http}/blobs/brt/${hash}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } })
  return response.status === 200
}

/** How many blob requests the relay refused because a workshop's document does not show the image. */
async function refusedAsNotInWorkshop(relay: RelayProcess): Promise<number> {
  return (await relay.metrics()).get('casebook_relay_blob_refusals_total{reason="notInWorkshop"}') ?? 0
}

const arrived = (backend: Backend) => backend.events.flatMap((event) => (event.type === 'blobs-arrived' ? event.hashes : []))
const blobErrors = (backend: Backend) => backend.events.flatMap((event) => (event.type === 'blob-error' ? [event] : []))
const bytesOf = async (backend: Backend, hash: string) => Buffer.from((await backend.library.blobs.get(hash)) ?? [])

const caseStudy = (title: string, images: StoredImage[]) => newDocumentContent({ kind: 'case-study', title, network: 'brt', city: 'Lagos' }, imageBody(images))

describe("a workshop's images in the app of a guest who joined with its code", () => {
  const relays = useRelays()
  const backends = useBackends()

  /** A facilitator's app joined to brt, with a case study of these images saved on the relay, images included. */
  async function facilitatorWith(relay: RelayProcess, images: Uint8Array[]) {
    const invite = await relay.invite('brt', 'facilitator', { name: 'Fatima' })
    const fatima = await backends.start()
    await fatima.sync.join({ relayUrl: relay.url, token: invite })
    const photos = await Promise.all(images.map((bytes) => fatima.library.blobs.put(bytes)))
    const id = await fatima.library.create(caseStudy('New station', photos))
    await eventually(() => fatima.sync.state(id) === 'saved', 'the document is saved on the relay')
    for (const photo of photos) await eventually(() => relayHolds(relay, photo.hash), 'the image is on the relay')
    return { fatima, invite, id, photos }
  }

  /** A guest's app, with whatever its library already holds (`before`), joined to a workshop on the document by its code. */
  async function guestOf(relay: RelayProcess, invite: string, id: string, before: (guest: Backend) => Promise<unknown> = async () => {}) {
    const { code } = await startWorkshop(relay, invite, id)
    const guest = await backends.start()
    await before(guest)
    const ticket = await joinWorkshop(relay, code, 'Ana')
    expect(ticket.status).toBe(200)
    await guest.sync.joinWorkshop(relay.url, ticket.body)
    await eventually(() => hasDocument(guest, id), 'the document reaches the guest')
    return guest
  }

  it("brings the facilitator's images to the guest, bytes unchanged, and those added while the workshop runs", async () => {
    const relay = await relays.start()
    const first = jpegImage(120, 80, 21)
    const { fatima, invite, id, photos } = await facilitatorWith(relay, [first])
    const guest = await guestOf(relay, invite, id)
    await eventually(async () => (await guest.library.blobs.has(photos[0]!.hash)) === true, 'the image reaches the guest')
    expect(await bytesOf(guest, photos[0]!.hash)).toEqual(Buffer.from(first))
    expect(arrived(guest)).toEqual([photos[0]!.hash])

    // One the facilitator adds now reaches the guest's copy over its connection, and then its bytes.
    const later = pngImage(64, 48, 22)
    const chart = await fatima.library.blobs.put(later)
    const handle = await fatima.library.open(id)
    appendImage(handle.doc, chart)
    await handle.close()
    await eventually(async () => (await guest.library.blobs.has(chart.hash)) === true, 'the later image reaches the guest')
    expect(await bytesOf(guest, chart.hash)).toEqual(Buffer.from(later))
    expect(arrived(guest)).toEqual([photos[0]!.hash, chart.hash])
    expect(blobErrors(guest).concat(blobErrors(fatima))).toEqual([])
    expect(await refusedAsNotInWorkshop(relay)).toBe(0)
  })

  it('sends the image a guest adds in the document open in its editor, once the relay holds the document, and it reaches the facilitator', async () => {
    const relay = await relays.start()
    const { fatima, invite, id } = await facilitatorWith(relay, [])
    const guest = await guestOf(relay, invite, id)
    const handle = await guest.library.open(id)
    const disconnect = guest.sync.connectLive(id, handle.doc, new Awareness(handle.doc))
    try {
      await eventually(() => guest.sync.state(id) === 'saved', "the guest's editor is connected")
      const bytes = pngImage(80, 60, 23)
      const photo = await guest.library.blobs.put(bytes)
      appendImage(handle.doc, photo)
      await eventually(() => relayHolds(relay, photo.hash), "the guest's image reaches the relay")
      await eventually(async () => (await fatima.library.blobs.has(photo.hash)) === true, "the guest's image reaches the facilitator")
      expect(await bytesOf(fatima, photo.hash)).toEqual(Buffer.from(bytes))
      expect(arrived(fatima)).toEqual([photo.hash])
      // Sent only once the relay's copy of the document showed it: never refused on the way.
      expect(blobErrors(guest)).toEqual([])
      expect(await refusedAsNotInWorkshop(relay)).toBe(0)
    } finally {
      disconnect()
      await handle.close()
    }
  })

  it("never asks for an image its workshop's document does not show, even one another document of the network in its library does", async () => {
    const relay = await relays.start()
    const { fatima, invite, id, photos } = await facilitatorWith(relay, [jpegImage(90, 60, 24)])
    // Another case study of the network, with an image on the relay, that the workshop is not on.
    const depot = await fatima.library.blobs.put(pngImage(50, 50, 25))
    await fatima.library.create(caseStudy('Depot', [depot]))
    await eventually(() => relayHolds(relay, depot.hash), 'the other image is on the relay')
    // The guest's library already holds a copy of that other document (left by an earlier workshop, say), without its image.
    const guest = await guestOf(relay, invite, id, (guest) => guest.library.create(caseStudy('Depot, an earlier copy', [depot])))
    await eventually(async () => (await guest.library.blobs.has(photos[0]!.hash)) === true, "the workshop's image reaches the guest")
    // A later image in a later pass: the first pass is over by the time it arrives.
    const later = await fatima.library.blobs.put(pngImage(40, 30, 26))
    const handle = await fatima.library.open(id)
    appendImage(handle.doc, later)
    await handle.close()
    await eventually(async () => (await guest.library.blobs.has(later.hash)) === true, 'the later image reaches the guest')
    expect(arrived(guest)).toEqual([photos[0]!.hash, later.hash])
    expect(await guest.library.blobs.has(depot.hash)).toBe(false)
    expect(blobErrors(guest)).toEqual([])
    expect(await refusedAsNotInWorkshop(relay)).toBe(0)
  })

  it('refuses an image whose bytes the relay altered, says which, and stores nothing', async () => {
    const relay = await relays.start()
    const { invite, id, photos } = await facilitatorWith(relay, [pngImage(32, 32, 27)])
    // The relay's copy replaced by another real image under the same name, as a hostile relay could.
    const db = new Database(join(relay.dataDir, 'relay.sqlite'))
    db.prepare('update blobs set data = ? where network = ? and hash = ?').run(Buffer.from(pngImage(32, 32, 28)), 'brt', photos[0]!.hash)
    db.close()
    const guest = await guestOf(relay, invite, id)
    await eventually(() => blobErrors(guest).length > 0, 'the guest says the image could not be synced')
    const [refused] = blobErrors(guest)
    expect(refused).toMatchObject({ network: 'brt', hash: photos[0]!.hash })
    expect(isCasebookError(refused?.error, 'INVALID_IMAGE') && refused.error.reason).toBe('hashMismatch')
    expect(await guest.library.blobs.has(photos[0]!.hash)).toBe(false)
    expect(arrived(guest)).toEqual([])
  })

  it("tries an image the relay refused to a session token again once the document wants it again, and sends it once the relay's copy shows it", async () => {
    const relay = await relays.start()
    const { fatima, invite, id } = await facilitatorWith(relay, [])
    const { code } = await startWorkshop(relay, invite, id)
    const ticket = await joinWorkshop(relay, code, 'Ana')
    const guest = await backends.start()
    const photo = await guest.library.blobs.put(pngImage(40, 40, 29))
    const errors: unknown[] = []
    const access = { relayUrl: relay.url, network: 'brt', token: ticket.body.token, role: 'member' as const, name: 'Ana' }
    // With nothing for it to wait for, the pass asks before the document shows the image.
    const blobSync = new BlobSync(
      guest.library.blobs,
      access,
      await BlobsOnRelay.open(blobsOnRelayPath(guest.dataDir, 'brt')),
      { onArrived: () => {}, onError: (_hash, error) => errors.push(error), onProgress: () => {} },
      () => false,
    )
    try {
      blobSync.online(true)
      blobSync.want([photo.hash])
      await eventually(() => errors.length > 0, 'the relay refuses the image')
      // Asked about with HEAD, which has no body to say why: the relay's count says.
      expect(isCasebookError(errors[0], 'ACCESS_REFUSED') && errors[0].params?.['why']).toBe('it answered 403')
      expect(await refusedAsNotInWorkshop(relay)).toBeGreaterThan(0)
      expect(await relayHolds(relay, photo.hash)).toBe(false)
      // Refused for what it is, it is not asked about again on a timer (the first retry would come after 1 s).
      await new Promise((resolve) => setTimeout(resolve, 2500))
      expect(errors).toHaveLength(1)
      const handle = await fatima.library.open(id)
      appendImage(handle.doc, photo)
      await handle.close()
      // Wanted again as following the guest's copy of the document does once the change reaches it
      // (which is after the relay has it): here, until the relay's copy shows it.
      await eventually(
        async () => {
          blobSync.want([photo.hash])
          return relayHolds(relay, photo.hash)
        },
        'the image reaches the relay once the document shows it',
        20_000,
      )
    } finally {
      await blobSync.stop()
    }
  })
})
