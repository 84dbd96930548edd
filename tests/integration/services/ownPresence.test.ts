import '../../helpers/animationFrames.js'
import { afterEach, describe, expect, it } from 'vitest'
import { Services } from '../../../src/main/services/services.js'
import { DocumentPeer } from '../../../src/renderer/documentPeer.js'
import { inProcessApi } from '../../helpers/api.js'
import { awarenessFrame } from '../../helpers/awarenessFrame.js'
import { eventually, rawConnect, useClients } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'
import { TempDirs } from '../../helpers/tempDirs.js'

describe("a device's own presence", () => {
  const relays = useRelays()
  const clients = useClients()
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  it('is neither rewritten nor withdrawn by a relay peer that announced its client id first, nor announced back in forged form', async () => {
    const relay = await relays.start()
    const dirs = new TempDirs('casebook-services-')
    const dir = dirs.make()
    cleanups.push(async () => dirs.removeAll())
    const services = await Services.start(dir)
    const api = inProcessApi(services)
    cleanups.push(async () => {
      await api.close()
      await services.stop()
    })
    await api.request('networks.join', { relayUrl: relay.url, token: await relay.invite('brt', 'member', { name: 'Ana' }) })
    const { id } = await api.request('library.create', { kind: 'case-study', title: 'Lagos BRT', network: 'brt' })
    const peer = await DocumentPeer.open(api, id)
    cleanups.push(() => peer.close())
    const saved = async () => (await api.request('library.list', {})).find((row) => row.id === id)?.sync === 'saved'
    await eventually(saved, 'the open document is saved on the network')
    const victimId = peer.doc.clientID
    peer.awareness.setLocalStateField('user', { name: 'Ana', color: '#1f77b4' })

    // An honest member watching the room.
    const observer = clients.connect(relay.url, `brt/${id}`, await relay.invite('brt', 'member', { name: 'Olu' }))
    const stateSeen = () => observer.provider.awareness.getStates().get(victimId)
    await eventually(() => stateSeen() !== undefined, "the observer sees the victim's presence")
    const own = peer.awareness.getLocalState()
    const clock = peer.awareness.meta.get(victimId)!.clock

    // After a restart the relay holds no presence: an attacker who saw the victim's client id announces it first.
    const back = await relays.restart(relay, { port: relay.port })
    await eventually(async () => (await api.request('networks.list', {}))[0]?.online === true, 'the device is online again')
    // Past the victim's clock, which its editor moves on by one when the back end loses the relay.
    const forgedClock = clock + 2
    const attacker = rawConnect(back.url, `/brt/${id}`, await back.invite('brt', 'member', { name: 'Mallory' }))
    await attacker.opened
    attacker.ws.send(
      awarenessFrame([
        { client: victimId, clock: forgedClock, state: { user: { name: 'Ana', color: '#ff0000' }, forged: true } },
        { client: 999_999, clock: 1, state: { user: { name: 'Mallory' } } },
      ]),
    )
    // The attacker's own entry, in the same frame, reaching the victim's editor shows the frame was handled.
    await eventually(() => peer.awareness.getStates().has(999_999), "the attacker's own presence reaches the victim's editor")
    expect(peer.awareness.getLocalState()).toEqual(own)
    expect(peer.awareness.meta.get(victimId)!.clock).toBeLessThan(forgedClock)

    // The victim's editor goes on (the relay drops its presence while the attacker holds the id), and the
    // attacker withdraws the id at a clock past the victim's: the device keeps its presence all the same.
    peer.awareness.setLocalStateField('cursor', 0)
    const current = peer.awareness.getLocalState()
    attacker.ws.send(
      awarenessFrame([
        { client: victimId, clock: forgedClock + 1, state: null },
        { client: 999_998, clock: 1, state: { user: { name: 'Mallory' } } },
      ]),
    )
    await eventually(() => peer.awareness.getStates().has(999_998), "the attacker's second entry reaches the victim's editor")
    // A second editor on the device (another window) is given the presence the back end holds.
    const otherWindow = inProcessApi(services)
    const second = await DocumentPeer.open(otherWindow, id)
    cleanups.push(async () => {
      await second.close()
      await otherWindow.close()
    })
    await eventually(() => second.awareness.getStates().has(999_998), 'the second editor has the presence the back end holds')
    expect(second.awareness.getStates().get(victimId)).toEqual(current)

    // The withdrawal freed the id on the relay, so the victim's presence is what it announces. The observer
    // keeps the withdrawal's clock, which the second of these changes passes.
    for (const cursor of [1, 2, 3]) peer.awareness.setLocalStateField('cursor', cursor)
    await eventually(() => stateSeen()?.['cursor'] === 3, "the observer sees the victim's latest presence")
    expect(stateSeen()).toEqual({ user: { name: 'Ana', color: '#1f77b4' }, cursor: 3 })
  })
})
