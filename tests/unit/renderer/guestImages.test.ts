import { resolveObjectURL } from 'node:buffer'
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { guestImages } from '../../../src/renderer/guest/guestImages.js'
import { type Client, eventually, useClients } from '../../helpers/clients.js'
import { jpegImage, pngImage, SCRIPTED_SVG } from '../../helpers/images.js'
import { type RelayProcess, useRelays } from '../../helpers/relay.js'
import { guestToken, startWorkshop } from '../../helpers/relayWorkshops.js'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
/** Short, so that the retries come quickly here; the page's are seconds apart. */
const RETRY_MS = 50

/** The page's fetch, which asks its own origin (here, the relay's), and fails as offline while `offline()` says so. */
function fromPage(relay: RelayProcess, offline = () => false): { fetcher: typeof fetch; asked: string[] } {
  const asked: string[] = []
  const fetcher: typeof fetch = async (path, init) => {
    asked.push(`${init?.method} ${String(path)}`)
    if (offline()) throw new TypeError('Failed to fetch')
    return fetch(`${relay.http}${String(path)}`, init)
  }
  return { fetcher, asked }
}

/** The bytes an object URL holds. */
async function held(url: string): Promise<Uint8Array> {
  return new Uint8Array(await resolveObjectURL(url)!.arrayBuffer())
}

async function addImage(client: Client, hash: string): Promise<void> {
  const before = client.stored.length
  const image = new Y.XmlElement('image')
  image.setAttribute('blob', hash)
  image.setAttribute('alt', 'The new station')
  client.doc.getXmlFragment('body').insert(0, [image])
  await eventually(() => client.stored.length > before, 'the relay stored the image node')
}

async function blobOnRelay(relay: RelayProcess, hash: string, token: string): Promise<Uint8Array | null> {
  const answer = await fetch(`${relay.http}/blobs/brt/${hash}`, { headers: { authorization: `Bearer ${token}` } })
  return answer.ok ? new Uint8Array(await answer.arrayBuffer()) : null
}

describe("a workshop guest's images", () => {
  const relays = useRelays()
  const clients = useClients()

  async function workshop() {
    const relay = await relays.start()
    const facilitator = await relay.invite('brt', 'facilitator')
    const writer = clients.connect(relay.url, 'brt/notes', facilitator, { ack: true })
    await writer.synced()
    writer.doc.getText('t').insert(0, 'Notes')
    await eventually(() => writer.stored.length > 0, 'the relay stored the document')
    const { code } = await startWorkshop(relay, facilitator, 'notes')
    const token = await guestToken(relay, relays.issued, code)
    return { relay, facilitator, writer, token, code }
  }

  it('are read from the relay with the session token, and one not there yet (not in the document, or offline) is read again until it is', async () => {
    const { relay, facilitator, writer, token } = await workshop()
    const photo = pngImage(24, 16, 1)
    await addImage(writer, sha256(photo))
    expect(
      (await fetch(`${relay.http}/blobs/brt/${sha256(photo)}`, { method: 'PUT', headers: { authorization: `Bearer ${facilitator}` }, body: photo })).status,
    ).toBe(201)
    const page = fromPage(relay)
    const images = guestImages({ network: 'brt', token }, { onUnsent: () => {}, fetcher: page.fetcher, retryMs: RETRY_MS })
    const shown: string[] = []
    images.show(sha256(photo), 'png', (url) => shown.push(url))
    await eventually(() => shown.length === 1, 'the photo is shown')
    expect(await held(shown[0]!)).toEqual(photo)
    expect(page.asked).toEqual([`GET /blobs/brt/${sha256(photo)}`])

    // Added by the facilitator after the guest drew it, and sent once the guest's page was offline.
    let offline = true
    const later = jpegImage(30, 20, 2)
    const laterPage = fromPage(relay, () => offline)
    const laterImages = guestImages({ network: 'brt', token }, { onUnsent: () => {}, fetcher: laterPage.fetcher, retryMs: RETRY_MS })
    const laterShown: string[] = []
    laterImages.show(sha256(later), 'jpeg', (url) => laterShown.push(url))
    await eventually(() => laterPage.asked.length >= 3, 'the offline page tries again')
    offline = false
    await addImage(writer, sha256(later))
    expect(
      (await fetch(`${relay.http}/blobs/brt/${sha256(later)}`, { method: 'PUT', headers: { authorization: `Bearer ${facilitator}` }, body: later })).status,
    ).toBe(201)
    await eventually(() => laterShown.length === 1, 'the later image is shown')
    expect(await held(laterShown[0]!)).toEqual(later)
  })

  it('added by the guest are shown at once from the page, and sent once the document on the relay shows them', async () => {
    const { relay, facilitator, token } = await workshop()
    const guest = clients.connect(relay.url, 'brt/notes', token, { ack: true })
    await guest.synced()
    const page = fromPage(relay)
    const unsent: string[] = []
    const images = guestImages({ network: 'brt', token }, { onUnsent: (reason) => unsent.push(reason), fetcher: page.fetcher, retryMs: RETRY_MS })
    const photo = jpegImage(40, 30, 3)
    const hash = sha256(photo)

    expect(await images.put(new Uint8Array(photo))).toEqual({ hash, type: 'jpeg', width: 40, height: 30 })
    const shown: string[] = []
    images.show(hash, 'jpeg', (url) => shown.push(url))
    await eventually(() => shown.length === 1, 'the photo is shown')
    expect(await held(shown[0]!)).toEqual(photo)
    // Refused while the document does not show it, and sent again.
    await eventually(() => page.asked.filter((asked) => asked === `PUT /blobs/brt/${hash}`).length >= 2, 'the page sends it again')
    expect(await blobOnRelay(relay, hash, facilitator)).toBeNull()

    await addImage(guest, hash)
    await eventually(async () => (await blobOnRelay(relay, hash, facilitator)) !== null, 'the relay has the photo')
    expect(await blobOnRelay(relay, hash, facilitator)).toEqual(photo)
    expect(page.asked.some((asked) => asked.startsWith('GET'))).toBe(false)
    expect(unsent).toEqual([])
  })

  it("are refused before anything is sent when they are not images, and the relay's refusal for good is told", async () => {
    const { relay, facilitator, code, token } = await workshop()
    const page = fromPage(relay)
    const unsent: string[] = []
    const images = guestImages({ network: 'brt', token }, { onUnsent: (reason) => unsent.push(reason), fetcher: page.fetcher, retryMs: RETRY_MS })
    await expect(images.put(new Uint8Array(SCRIPTED_SVG))).rejects.toMatchObject({ code: 'INVALID_IMAGE' })
    expect(page.asked).toEqual([])

    expect((await fetch(`${relay.http}/workshops/${code}/end`, { method: 'POST', headers: { authorization: `Bearer ${facilitator}` } })).status).toBe(200)
    await images.put(new Uint8Array(pngImage(8, 8, 4)))
    await eventually(() => unsent.length === 1, 'the refusal is told')
    expect(unsent[0]).toMatch(/workshop/i)
    expect(page.asked).toHaveLength(1)
  })
})
