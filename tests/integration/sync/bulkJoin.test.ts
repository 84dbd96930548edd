import { buildDocument, newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { NetworkStatus } from '../../../src/shared/ipc/contract.js'
import { useBackends } from '../../helpers/backends.js'
import { eventually, useClients } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'
import { everyDocumentSynced } from '../../helpers/syncSettled.js'

const DOCUMENTS = 30

describe('joining a network of many documents', () => {
  const relays = useRelays()
  const backends = useBackends()
  const clients = useClients()

  it('fetches them over the feed in bulk, keeps out what is not of the network, and tells its progress up to n of n', async () => {
    const first = await relays.start()
    const author = await backends.start()
    await author.sync.join({ relayUrl: first.url, token: await first.invite('brt', 'member', { name: 'Ana' }) })
    const ids: string[] = []
    for (let n = 0; n < DOCUMENTS; n += 1) {
      ids.push(await author.library.create(newDocumentContent({ kind: 'case-study', title: `Case ${n}`, network: 'brt', city: 'Lagos' })))
    }
    await everyDocumentSynced(author)
    await author.stop()
    // A member of brt plants a document that names another network.
    const planted = randomBytes(8).toString('hex')
    const stranger = clients.connect(first.url, `brt/${planted}`, await first.invite('brt', 'member'), {
      ack: true,
      doc: buildDocument(planted, newDocumentContent({ kind: 'case-study', title: 'Planted', network: 'adaptation', city: 'Lagos' })),
    })
    await eventually(() => stranger.stored.length > 0, 'the planted document is stored')
    stranger.provider.destroy()
    first.process.kill('SIGTERM')
    await first.exited

    // The same data, served so that no token may open a document beside its feed: only a fetch over the feed brings them.
    const relay = await relays.start({ dataDir: first.dataDir, args: ['--max-connections-per-token', '1'] })
    const device = await backends.start()
    await device.sync.join({ relayUrl: relay.url, token: await relay.invite('brt', 'member', { name: 'Bo' }) })
    const told = () => device.events.flatMap((event) => (event.type === 'network' && event.status.progress ? [event.status.progress] : []))
    const done = () => told().length > 0 && device.sync.networks()[0]?.progress === undefined
    await eventually(() => device.library.list().length === DOCUMENTS && done(), 'every document arrives, and the progress is told, then gone')

    expect(
      device.library
        .list()
        .map((summary) => summary.id)
        .sort(),
    ).toEqual([...ids].sort())
    expect(ids.map((id) => device.sync.state(id))).toEqual(ids.map(() => 'saved'))
    expect(device.events.filter((event) => event.type === 'kept-out').map((event) => event.id)).toEqual([planted])
    const progress = told()
    expect(progress.every(({ total }) => total === DOCUMENTS + 1)).toBe(true)
    expect(progress.map(({ synced }) => synced)).toEqual(progress.map(({ synced }) => synced).sort((a, b) => a - b))
    expect(progress.at(-1)).toEqual({ synced: DOCUMENTS + 1, total: DOCUMENTS + 1 })
    const last = device.events.filter((event): event is { type: 'network'; status: NetworkStatus } => event.type === 'network').at(-1)
    expect(last?.status.progress).toBeUndefined()
  })
})
