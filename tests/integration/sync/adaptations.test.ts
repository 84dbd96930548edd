import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { allSent } from '../../../src/main/library/storedDoc.js'
import { ADAPTATIONS_ROOM, CATALOG_ROOM, readAdaptationsFile, roomCopyPath } from '../../../src/main/sync/NetworkRoomCopy.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import type { Role } from '../../../src/shared/protocol/invite.js'
import { type AdaptationReference, addAdaptationReference, readAdaptationReferences } from '../../../src/shared/protocol/adaptationReferences.js'
import { type Backend, useBackends } from '../../helpers/backends.js'
import { eventually } from '../../helpers/eventually.js'
import { useRelays, type RelayProcess } from '../../helpers/relay.js'
import { everyDocumentSynced } from '../../helpers/syncSettled.js'

describe("a network's adaptations room, synced by the back end", () => {
  const relays = useRelays()
  const backends = useBackends()

  async function joined(relay: RelayProcess, city: string, role: Role = 'member', dataDir?: string): Promise<Backend> {
    const backend = await backends.start(dataDir)
    await backend.sync.join({ relayUrl: relay.url, token: await relay.invite('brt', role, { name: `Someone of ${city}`, city }) })
    return backend
  }

  /** A document of the network, stored on the relay: the relay takes references only to documents it holds. */
  async function source(backend: Backend): Promise<string> {
    const id = await backend.library.create(newDocumentContent({ kind: 'case-study', title: 'Lagos BRT', network: 'brt', city: 'Lagos' }))
    await everyDocumentSynced(backend)
    return id
  }

  const reference = (source: string, city: string, network = 'cities'): AdaptationReference => ({
    adaptation: randomBytes(8).toString('hex'),
    source,
    network,
    city,
    at: new Date().toISOString(),
  })

  const referencesOf = (backend: Backend) => readAdaptationReferences(backend.sync.adaptations('brt')!)
  const told = (backend: Backend) => backend.events.filter((event) => event.type === 'adaptations' && event.network === 'brt').length

  /** A relay, a member of Lagos and one of Quito, and a document of Lagos's on the relay. */
  async function twoCities() {
    const relay = await relays.start()
    const lagos = await joined(relay, 'Lagos')
    const quito = await joined(relay, 'Quito')
    return { relay, lagos, quito, id: await source(lagos) }
  }

  async function stopRelay(relay: RelayProcess, ...devices: Backend[]): Promise<void> {
    relay.process.kill('SIGTERM')
    await relay.exited
    await eventually(() => devices.every((device) => !device.sync.networks()[0]!.online), 'the devices see the network offline')
  }

  it('sends a reference added offline once the relay is back, keeps it on disk across a restart, and sends it only once', async () => {
    const { relay, lagos, quito, id } = await twoCities()

    await stopRelay(relay, lagos)
    const offline = reference(id, 'Lagos')
    addAdaptationReference(lagos.sync.adaptations('brt')!, offline)
    expect(told(lagos)).toBe(1)
    expect(told(quito)).toBe(0)

    const back = await relays.start({ dataDir: relay.dataDir, port: relay.port })
    await eventually(() => referencesOf(quito).length > 0, 'the reference reaches the other device')
    expect(referencesOf(quito)).toEqual([offline])
    expect(told(quito)).toBeGreaterThan(0)

    // Restarted while the relay is down, the device has it from its file alone, as sent.
    await stopRelay(back, lagos, quito)
    await lagos.stop()
    const onDisk = await readAdaptationsFile(lagos.dataDir, 'brt')
    expect(readAdaptationReferences(onDisk.doc)).toEqual([offline])
    expect(allSent(onDisk)).toBe(true)
    onDisk.doc.destroy()
    const restarted = await backends.start(lagos.dataDir)
    expect(referencesOf(restarted)).toEqual([offline])

    // Back online, it stores nothing again: the relay, started anew, counts only the other device's reference.
    const again = await relays.start({ dataDir: relay.dataDir, port: relay.port })
    const later = reference(id, 'Quito')
    addAdaptationReference(quito.sync.adaptations('brt')!, later)
    await eventually(() => referencesOf(restarted).length === 2, "the other device's later reference reaches the restarted one")
    expect(new Set(referencesOf(restarted))).toEqual(new Set([offline, later]))
    await everyDocumentSynced(restarted)
    expect((await again.metrics()).get('casebook_relay_updates_total')).toBe(1)
  })

  it('sends a reference added online at once, and leaving the network removes the file with the catalog', async () => {
    const relay = await relays.start()
    const lagos = await joined(relay, 'Lagos', 'facilitator')
    const quito = await joined(relay, 'Quito')
    const id = await source(lagos)

    const online = reference(id, 'Quito', 'brt')
    addAdaptationReference(quito.sync.adaptations('brt')!, online)
    await eventually(() => referencesOf(lagos).length > 0, 'the reference reaches the other device')
    expect(referencesOf(lagos)).toEqual([online])
    const file = roomCopyPath(quito.dataDir, 'brt', ADAPTATIONS_ROOM)
    const saved = async () => existsSync(file) && readAdaptationReferences((await readAdaptationsFile(quito.dataDir, 'brt')).doc).length === 1
    await eventually(async () => (await saved()) && existsSync(roomCopyPath(quito.dataDir, 'brt', CATALOG_ROOM)), 'it is saved, beside the catalog')

    await quito.sync.leave('brt')
    expect(existsSync(file)).toBe(false)
    expect(existsSync(roomCopyPath(quito.dataDir, 'brt', CATALOG_ROOM))).toBe(false)
    expect(quito.sync.adaptations('brt')).toBeNull()
    // What the other device holds stays.
    expect(referencesOf(lagos)).toEqual([online])
  })

  // The relay takes only references that name the invite's city and adapt a document it holds (adaptationRules.ts).
  const errorsOf = (backend: Backend) => backend.events.filter((event) => event.type === 'error')

  it("stores no reference naming another city than the invite's, and the device's later references still go out", async () => {
    const { lagos, quito, id } = await twoCities()

    const forged = reference(id, 'Quito')
    addAdaptationReference(lagos.sync.adaptations('brt')!, forged)
    await eventually(() => referencesOf(lagos).length === 0, 'the refused reference is left out of the copy')
    const valid = reference(id, 'Lagos')
    addAdaptationReference(lagos.sync.adaptations('brt')!, valid)
    await eventually(() => referencesOf(quito).length > 0, 'the later reference reaches the other device')
    expect(referencesOf(quito)).toEqual([valid])
    expect(referencesOf(lagos)).toEqual([valid])
    const onDisk = await readAdaptationsFile(lagos.dataDir, 'brt')
    expect(readAdaptationReferences(onDisk.doc)).toEqual([valid])
    onDisk.doc.destroy()
    expect(errorsOf(lagos)).toEqual([])
  })

  it('sends, of references added offline, those the relay takes, leaving out one to a document it does not hold', async () => {
    const { relay, lagos, quito, id } = await twoCities()

    await stopRelay(relay, lagos)
    const room = lagos.sync.adaptations('brt')!
    const first = reference(id, 'Lagos')
    const unknown = reference(randomBytes(8).toString('hex'), 'Lagos')
    const forged = reference(id, 'Quito')
    const second = reference(id, 'Lagos', 'brt')
    for (const added of [first, unknown, forged, second]) addAdaptationReference(room, added)

    await relays.start({ dataDir: relay.dataDir, port: relay.port })
    await eventually(() => referencesOf(lagos).length === 2, 'the refused references are left out of the copy')
    await eventually(() => referencesOf(quito).length === 2, 'the others reach the other device')
    const byId = (references: AdaptationReference[]) => [...references].sort((a, b) => a.adaptation.localeCompare(b.adaptation))
    expect(byId(referencesOf(quito))).toEqual(byId([first, second]))
    expect(byId(referencesOf(lagos))).toEqual(byId([first, second]))
    expect(errorsOf(lagos)).toEqual([])
  })

  it('sends a reference to a document made offline once the relay holds the document', async () => {
    const relay = await relays.start()
    const lagos = await joined(relay, 'Lagos')
    const quito = await joined(relay, 'Quito')
    await everyDocumentSynced(lagos)

    await stopRelay(relay, lagos)
    const id = await lagos.library.create(newDocumentContent({ kind: 'case-study', title: 'Made offline', network: 'brt', city: 'Lagos' }))
    const adapted = reference(id, 'Lagos')
    addAdaptationReference(lagos.sync.adaptations('brt')!, adapted)

    const back = await relays.start({ dataDir: relay.dataDir, port: relay.port })
    await eventually(() => referencesOf(quito).length > 0, 'the reference reaches the other device')
    expect(referencesOf(quito)).toEqual([adapted])
    expect(referencesOf(lagos)).toEqual([adapted])
    expect(errorsOf(lagos)).toEqual([])
    // Sent after its document, not sent too soon and then again by a repair.
    expect(back.logs.filter((line) => line['reason'] === 'adaptationRefused')).toEqual([])
  })

  it("sends a viewer's reference, which the relay stores as anyone's, and mends a viewer's copy the relay refused", async () => {
    const relay = await relays.start()
    const lagos = await joined(relay, 'Lagos')
    const viewer = await joined(relay, 'Quito', 'viewer')
    const id = await source(lagos)
    await eventually(() => viewer.library.list().some((summary) => summary.id === id), 'the document reaches the viewer')

    // Refused only once the relay has read it: a round that did not wait for that would never mend it.
    addAdaptationReference(viewer.sync.adaptations('brt')!, reference(id, 'Lagos'))
    await eventually(() => referencesOf(viewer).length === 0, 'the refused reference is left out of the copy')
    const adapted = reference(id, 'Quito')
    addAdaptationReference(viewer.sync.adaptations('brt')!, adapted)
    await eventually(() => referencesOf(lagos).length > 0, "the viewer's reference reaches the member")
    expect(referencesOf(lagos)).toEqual([adapted])
    expect(errorsOf(viewer)).toEqual([])
  })
})
