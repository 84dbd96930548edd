import mammoth from 'mammoth'
import { afterEach, describe, expect, it } from 'vitest'
import { Services } from '../../../src/main/services/services.js'
import { inProcessApi } from '../../helpers/api.js'
import { eventually } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'
import { TempDirs } from '../../helpers/tempDirs.js'

describe("a network's display name", () => {
  const relays = useRelays()
  const dirs = new TempDirs('casebook-services-')
  const running: { services: Services; api: ReturnType<typeof inProcessApi> }[] = []
  afterEach(async () => {
    for (const { services, api } of running.splice(0)) {
      await api.close()
      await services.stop()
    }
    dirs.removeAll()
  })

  async function backend(dir: string) {
    const services = await Services.start(dir)
    const api = inProcessApi(services)
    running.push({ services, api })
    return api
  }

  it('is kept from the invite joined with, reported in the status, across a restart, and changed by a newer invite that has one', async () => {
    const relay = await relays.start()
    const dir = dirs.make()
    const api = await backend(dir)
    const joined = await api.request('networks.join', { relayUrl: relay.url, token: await relay.invite('brt', 'member', { title: 'Bus Rapid Transit' }) })
    expect(joined).toMatchObject({ id: 'brt', title: 'Bus Rapid Transit' })
    expect(await api.request('networks.list', {})).toMatchObject([{ id: 'brt', title: 'Bus Rapid Transit' }])
    await eventually(
      () => api.events.some((event) => event.type === 'network' && event.status.online && event.status.title === 'Bus Rapid Transit'),
      'the status the window is sent names it',
    )

    // Kept in the settings: a restarted back end names it too.
    const first = running.splice(0)[0]!
    await first.api.close()
    await first.services.stop()
    const again = await backend(dir)
    expect(await again.request('networks.list', {})).toMatchObject([{ id: 'brt', title: 'Bus Rapid Transit' }])

    // A newer invite with a name renames it; one without (made before invites had names) leaves it.
    await again.request('networks.join', { relayUrl: relay.url, token: await relay.invite('brt', 'facilitator', { title: 'BRT Africa' }) })
    expect(await again.request('networks.list', {})).toMatchObject([{ id: 'brt', role: 'facilitator', title: 'BRT Africa' }])
    await again.request('networks.join', { relayUrl: relay.url, token: await relay.invite('brt', 'viewer') })
    expect(await again.request('networks.list', {})).toMatchObject([{ id: 'brt', role: 'viewer', title: 'BRT Africa' }])
  })

  it('names the network in a report: its cover, where it stands, and each document’s details', async () => {
    const relay = await relays.start()
    const api = await backend(dirs.make())
    await api.request('networks.join', { relayUrl: relay.url, token: await relay.invite('brt', 'member', { title: 'Bus Rapid Transit' }) })
    const { id } = await api.request('library.create', { kind: 'case-study', title: 'Lagos BRT', network: 'brt' })
    const report = await api.request('library.report', { title: 'Lagos', ids: [id], format: 'docx' })
    const { value: text } = await mammoth.extractRawText({ buffer: Buffer.from(report?.bytes ?? []) })
    expect(text).toContain("As of this device's last sync with Bus Rapid Transit:")
    expect(text.match(/Bus Rapid Transit/g)?.length).toBeGreaterThanOrEqual(3)
    expect(text).not.toMatch(/\bbrt\b/)
  })

  it('is not kept for a network of the same id on another relay, which is another network', async () => {
    const [first, other] = [await relays.start(), await relays.start()]
    const api = await backend(dirs.make())
    await api.request('networks.join', { relayUrl: first.url, token: await first.invite('brt', 'member', { title: 'Bus Rapid Transit' }) })
    const moved = await api.request('networks.join', { relayUrl: other.url, token: await other.invite('brt', 'member') })
    expect(moved).toMatchObject({ id: 'brt', relayUrl: other.url })
    expect(moved).not.toHaveProperty('title')
  })

  it('is absent when the invite has none: the window shows the id', async () => {
    const relay = await relays.start()
    const api = await backend(dirs.make())
    const joined = await api.request('networks.join', { relayUrl: relay.url, token: await relay.invite('brt', 'member') })
    expect(joined).toMatchObject({ id: 'brt' })
    expect(joined).not.toHaveProperty('title')
    expect((await api.request('networks.list', {}))[0]).not.toHaveProperty('title')
  })

  it('reaches someone who joins a workshop by its code, from the invite of the facilitator who started it', async () => {
    const relay = await relays.start()
    const fatima = await backend(dirs.make())
    await fatima.request('networks.join', { relayUrl: relay.url, token: await relay.invite('brt', 'facilitator', { title: 'Bus Rapid Transit' }) })
    const { id } = await fatima.request('library.create', { kind: 'workshop-notes', title: 'Lagos BRT workshop', network: 'brt' })
    await eventually(async () => (await fatima.request('library.list', {})).find((row) => row.id === id)?.sync === 'saved', 'the document is on the relay')
    const started = await fatima.request('workshops.start', { id, minutes: 30 })

    const ana = await backend(dirs.make())
    await ana.request('settings.setProfile', { name: 'Ana', city: 'Lagos', color: '#1d4ed8' })
    expect(await ana.request('workshops.join', { input: started.link })).toMatchObject({ network: 'brt', workshop: true })
    expect(await ana.request('networks.list', {})).toMatchObject([{ id: 'brt', title: 'Bus Rapid Transit', workshop: { code: started.code } }])
  })
})
