import { describe, expect, it } from 'vitest'
import { writeMeta } from '../../../src/shared/model/document.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { useBackends } from '../../helpers/backends.js'
import { eventually, useRawConnections } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'
import { changesOn, cursorOf } from '../../helpers/syncSettled.js'

/** How long a device at rest is watched for anything it or the relay still does. */
const QUIET_MS = 2000

/**
 * Once a device has sent its changes and fetched what was announced, nothing more happens: the
 * reply a document sends when it connects holds its whole delete set, which must not count as a
 * change on the relay, be stored, and be announced for the device to fetch again, endlessly.
 */
describe('a device at rest', () => {
  const relays = useRelays()
  const backends = useBackends()
  const raw = useRawConnections()

  it('stays at rest after a title edit: no more syncs, announcements or stored updates', async () => {
    const relay = await relays.start()
    const device = await backends.start()
    await device.sync.join({ relayUrl: relay.url, token: await relay.invite('brt', 'member', { name: 'Ana' }) })
    const id = await device.library.create(newDocumentContent({ kind: 'case-study', title: 'Before', network: 'brt' }))
    await eventually(() => device.sync.state(id) === 'saved', 'the document is saved on the network')
    const watcher = raw.connect(relay.url, '/brt', await relay.invite('brt', 'viewer', { name: 'Watcher' }))
    // Told of the document as it is, so that the edit is a change of its own on this feed.
    await eventually(() => changesOn(watcher).length > 0, 'the watcher is told of the document')

    const handle = await device.library.open(id)
    writeMeta(handle.doc, { title: 'After' })
    await handle.close()
    // The edit is announced back to the device, which fetches the document again: only then is it at rest.
    await eventually(() => changesOn(watcher).length > 1, 'the relay announces the edit')
    const announced = Math.max(...changesOn(watcher).map((change) => change.seq))
    await eventually(
      async () => (await cursorOf(device.dataDir, 'brt')) >= announced && device.sync.state(id) === 'saved',
      'the device has synced what the relay announced',
    )

    const events = device.events.length
    const announcements = changesOn(watcher).length
    const stored = (await relay.metrics()).get('casebook_relay_updates_total')
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS))
    expect(device.events.slice(events)).toEqual([])
    expect(changesOn(watcher).slice(announcements)).toEqual([])
    expect((await relay.metrics()).get('casebook_relay_updates_total')).toBe(stored)
    expect(device.library.summary(id).meta.title).toBe('After')
  })
})
