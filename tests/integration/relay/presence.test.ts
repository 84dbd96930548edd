import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import { awarenessFrame } from '../../helpers/awarenessFrame.js'
import { eventually, rawConnect, useClients, type Client } from '../../helpers/clients.js'
import { useRelays, type RelayProcess } from '../../helpers/relay.js'

function userOf(client: Client, clientId: number): Record<string, unknown> | undefined {
  return client.provider.awareness.getStates().get(clientId)?.['user'] as Record<string, unknown> | undefined
}

describe('presence through the relay', () => {
  const relays = useRelays()
  const clients = useClients()

  async function workshop(relay: RelayProcess) {
    const member = clients.connect(relay.url, 'brt/notes', await relay.invite('brt', 'member', { name: 'Ana Souza', city: 'Recife' }))
    member.provider.awareness.setLocalStateField('user', { name: 'Ana Souza', city: 'Recife', color: '#1f77b4' })
    const observer = clients.connect(relay.url, 'brt/notes', await relay.invite('brt', 'member', { name: 'Olu Ade', city: 'Lagos' }))
    await Promise.all([member.synced(), observer.synced()])
    const memberId = member.doc.clientID
    await eventually(() => userOf(observer, memberId)?.['name'] === 'Ana Souza', "the observer sees the member's presence")
    return { member, observer, memberId }
  }

  it("shows others the invite's name and city, not the ones a client claims, and keeps its colour", async () => {
    const relay = await relays.start()
    const { observer } = await workshop(relay)
    const viewer = clients.connect(relay.url, 'brt/notes', await relay.invite('brt', 'viewer', { name: 'Vera Lima', city: 'Quito' }))
    viewer.provider.awareness.setLocalStateField('user', { name: 'Facilitator', city: 'Everywhere', color: '#ff0000' })
    await viewer.synced()
    await eventually(() => userOf(observer, viewer.doc.clientID) !== undefined, "the observer sees the viewer's presence")
    expect(userOf(observer, viewer.doc.clientID)).toEqual({ name: 'Vera Lima', city: 'Quito', color: '#ff0000' })

    // A later change keeps being rewritten, and a `user` that is not an object still gets the invite's name.
    viewer.provider.awareness.setLocalStateField('user', 'Facilitator')
    await eventually(() => typeof userOf(observer, viewer.doc.clientID)?.['color'] !== 'string', "the observer sees the viewer's new state")
    expect(userOf(observer, viewer.doc.clientID)).toEqual({ name: 'Vera Lima', city: 'Quito' })
    const names = [...observer.provider.awareness.getStates().values()].map((state) => (state['user'] as { name?: string } | undefined)?.name)
    expect(names).not.toContain('Facilitator')
    // Stock clients echo everyone's presence back to the relay; that does not get them closed.
    expect(viewer.closes).toEqual([])
  })

  it("drops, without closing the connection, a viewer's entry that overwrites a member's presence, and the member's presence survives", async () => {
    const relay = await relays.start()
    const { observer, memberId } = await workshop(relay)
    const clock = observer.provider.awareness.meta.get(memberId)!.clock
    const attacker = rawConnect(relay.url, '/brt/notes', await relay.invite('brt', 'viewer', { name: 'Mallory' }))
    await attacker.opened
    attacker.ws.send(awarenessFrame([{ client: memberId, clock: clock + 1, state: { user: { name: 'Facilitator', color: '#000000' } } }]))
    // The attacker's own entry, sent after, arriving shows the first frame was handled.
    attacker.ws.send(awarenessFrame([{ client: 999_998, clock: 1, state: { user: { name: 'Mallory' } } }]))
    await eventually(() => userOf(observer, 999_998) !== undefined, "the attacker's own presence arrives")
    expect(attacker.ws.readyState).toBe(attacker.ws.OPEN)
    expect(userOf(observer, memberId)).toEqual({ name: 'Ana Souza', city: 'Recife', color: '#1f77b4' })
    expect(observer.provider.awareness.meta.get(memberId)!.clock).toBe(clock)
  })

  it("ignores a viewer's removal of a member's presence, as a stock client's timeout sends it, and relays nothing of it", async () => {
    const relay = await relays.start()
    const { member, observer, memberId } = await workshop(relay)
    const clock = observer.provider.awareness.meta.get(memberId)!.clock
    const attacker = rawConnect(relay.url, '/brt/notes', await relay.invite('brt', 'viewer', { name: 'Mallory' }))
    await attacker.opened
    attacker.ws.send(
      awarenessFrame([
        { client: memberId, clock, state: null },
        { client: 999_999, clock: 1, state: { user: { name: 'Mallory', color: '#00ff00' } } },
      ]),
    )
    // The attacker's own entry, sent in the same frame, arriving shows the frame was handled.
    await eventually(() => userOf(observer, 999_999) !== undefined, "the attacker's own presence arrives")
    expect(userOf(observer, 999_999)).toEqual({ name: 'Mallory', color: '#00ff00' })
    expect(userOf(observer, memberId)).toEqual({ name: 'Ana Souza', city: 'Recife', color: '#1f77b4' })
    // A newcomer gets the member's presence from the relay too.
    const late = clients.connect(relay.url, 'brt/notes', await relay.invite('brt', 'member', { name: 'Li Wei' }))
    await eventually(() => userOf(late, memberId)?.['name'] === 'Ana Souza', "a newcomer sees the member's presence")
    // Once the member has left, its client id is free; whoever takes it shows under their own name.
    member.provider.disconnect()
    await eventually(() => userOf(observer, memberId) === undefined, "the member's presence goes when it leaves")
    const after = observer.provider.awareness.meta.get(memberId)!.clock
    attacker.ws.send(awarenessFrame([{ client: memberId, clock: after + 1, state: { user: { name: 'Ana Souza' } } }]))
    await eventually(() => userOf(observer, memberId) !== undefined, "the attacker's state under the freed id arrives")
    expect(userOf(observer, memberId)).toEqual({ name: 'Mallory' })
  })

  it("lets a member whose client id another invite announced first keep syncing, and never shows the other's state under the member's name", async () => {
    const relay = await relays.start()
    const observer = clients.connect(relay.url, 'brt/notes', await relay.invite('brt', 'member', { name: 'Olu Ade', city: 'Lagos' }))
    await observer.synced()
    const victimDoc = new Y.Doc()
    const victimId = victimDoc.clientID
    const seen: Record<string, unknown>[] = []
    observer.provider.awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }) => {
      if ([...added, ...updated].includes(victimId)) seen.push(observer.provider.awareness.getStates().get(victimId)!)
    })
    // After a restart, or once the room emptied, an attacker who saw the member's client id announces it first.
    const attacker = rawConnect(relay.url, '/brt/notes', await relay.invite('brt', 'member', { name: 'Mallory' }))
    await attacker.opened
    attacker.ws.send(awarenessFrame([{ client: victimId, clock: 1, state: { user: { name: 'Ana Souza', color: '#1f77b4' }, cursor: 'forged' } }]))
    await eventually(() => userOf(observer, victimId) !== undefined, "the attacker's state arrives")

    // The member's editor comes back with its client id, at a later clock.
    const victim = clients.connect(relay.url, 'brt/notes', await relay.invite('brt', 'member', { name: 'Ana Souza', city: 'Recife' }), { doc: victimDoc })
    for (const cursor of [1, 2, 3]) victim.provider.awareness.setLocalStateField('cursor', cursor)
    victim.provider.awareness.setLocalStateField('user', { name: 'Ana Souza', color: '#1f77b4' })
    await victim.synced()
    victim.doc.getText('t').insert(0, 'from Ana')
    await eventually(() => observer.doc.getText('t').toString() === 'from Ana', "the member's edit reaches the observer")
    observer.doc.getText('t').insert(0, 'Olu, then ')
    await eventually(() => victim.doc.getText('t').toString() === 'Olu, then from Ana', "the observer's edit reaches the member")
    expect(victim.closes).toEqual([])
    expect(userOf(observer, victimId)).toEqual({ name: 'Mallory', color: '#1f77b4' })

    // Once the attacker has gone, the id is free, and the member's next change of presence takes it.
    attacker.ws.close()
    await eventually(() => userOf(observer, victimId) === undefined, "the attacker's state goes with it")
    victim.provider.awareness.setLocalStateField('cursor', 4)
    await eventually(() => userOf(observer, victimId)?.['name'] === 'Ana Souza', "the member's presence shows")
    expect(observer.provider.awareness.getStates().get(victimId)).toEqual({ user: { name: 'Ana Souza', city: 'Recife', color: '#1f77b4' }, cursor: 4 })
    expect(seen.filter((state) => state['cursor'] === 'forged').map((state) => state['user'])).toEqual([{ name: 'Mallory', color: '#1f77b4' }])
    expect(victim.closes).toEqual([])
  })

  it('closes a connection whose presence is over 4 KB, and relays nothing of it', async () => {
    const relay = await relays.start()
    const { observer } = await workshop(relay)
    const attacker = rawConnect(relay.url, '/brt/notes', await relay.invite('brt', 'member', { name: 'Big' }))
    await attacker.opened
    attacker.ws.send(awarenessFrame([{ client: 424_242, clock: 1, state: { user: { name: 'Big' }, note: 'x'.repeat(4096) } }]))
    expect((await attacker.closed).code).toBe(CLOSE.presenceTooLarge.code)
    expect((await relay.metrics()).get('casebook_relay_rejected_frames_total{reason="presenceTooLarge"}')).toBe(1)
    expect(observer.provider.awareness.getStates().has(424_242)).toBe(false)
  })

  it('lets one connection hold 8 presences at once, and closes one that announces a ninth, relaying nothing of that frame', async () => {
    const relay = await relays.start()
    const { observer } = await workshop(relay)
    const seen = new Set<number>()
    observer.provider.awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }) => {
      for (const id of [...added, ...updated]) seen.add(id)
    })
    const attacker = rawConnect(relay.url, '/brt/notes', await relay.invite('brt', 'member', { name: 'Many' }))
    await attacker.opened
    const ids = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => 500_000 + n)
    attacker.ws.send(awarenessFrame(ids.map((client) => ({ client, clock: 1, state: { user: { name: 'Many' } } }))))
    await eventually(() => ids.every((id) => userOf(observer, id) !== undefined), 'the observer sees all 8')
    // Withdrawing one makes room for another, even in the same frame.
    attacker.ws.send(
      awarenessFrame([
        { client: ids[0]!, clock: 2, state: null },
        { client: 500_009, clock: 1, state: { user: { name: 'Many' } } },
      ]),
    )
    await eventually(() => userOf(observer, 500_009) !== undefined && userOf(observer, ids[0]!) === undefined, 'the observer sees the swap')
    attacker.ws.send(
      awarenessFrame([
        { client: ids[1]!, clock: 2, state: { user: { name: 'Many' }, cursor: 1 } },
        { client: 500_010, clock: 1, state: { user: { name: 'Many' } } },
      ]),
    )
    expect(await attacker.closed).toEqual({ code: CLOSE.tooManyPresences.code, reason: CLOSE.tooManyPresences.reason })
    expect((await relay.metrics()).get('casebook_relay_rejected_frames_total{reason="tooManyPresences"}')).toBe(1)
    // The connection's presences go with it; nothing of the refused frame was relayed.
    await eventually(() => [...ids, 500_009].every((id) => userOf(observer, id) === undefined), "the attacker's presences go when it is closed")
    expect(seen.has(500_010)).toBe(false)
    expect(observer.provider.awareness.meta.get(ids[1]!)?.clock).toBe(1)
  })

  it("does not count towards the cap the echoes of another connection's presences with the same invite", async () => {
    const relay = await relays.start()
    const { observer } = await workshop(relay)
    const token = await relay.invite('brt', 'member', { name: 'Two devices' })
    const [laptop, desktop] = [rawConnect(relay.url, '/brt/notes', token), rawConnect(relay.url, '/brt/notes', token)]
    await Promise.all([laptop.opened, desktop.opened])
    const ids = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => 700_000 + n)
    laptop.ws.send(awarenessFrame(ids.map((client) => ({ client, clock: 1, state: { user: { name: 'Two devices' } } }))))
    await eventually(() => ids.every((id) => userOf(observer, id) !== undefined), "the observer sees the laptop's 8")
    // A stock client echoes every state it receives, at the clock it received it with, beside its own.
    desktop.ws.send(
      awarenessFrame([
        ...ids.map((client) => ({ client, clock: 1, state: { user: { name: 'Two devices' } } })),
        { client: 700_100, clock: 1, state: { user: { name: 'Two devices' } } },
      ]),
    )
    await eventually(() => userOf(observer, 700_100) !== undefined, "the observer sees the desktop's own presence")
    expect((await relay.metrics()).get('casebook_relay_rejected_frames_total{reason="tooManyPresences"}')).toBeUndefined()
    // Both are still open: each sends again, and it arrives.
    laptop.ws.send(awarenessFrame([{ client: ids[0]!, clock: 2, state: { user: { name: 'Two devices' }, cursor: 1 } }]))
    desktop.ws.send(awarenessFrame([{ client: 700_100, clock: 2, state: { user: { name: 'Two devices' }, cursor: 2 } }]))
    await eventually(
      () => observer.provider.awareness.getStates().get(ids[0]!)?.['cursor'] === 1 && observer.provider.awareness.getStates().get(700_100)?.['cursor'] === 2,
      'both connections are still heard',
    )
  })

  it('closes a connection that announces 9 presences in one frame, and relays none of them', async () => {
    const relay = await relays.start()
    const { member, observer, memberId } = await workshop(relay)
    const seen = new Set<number>()
    observer.provider.awareness.on('change', ({ added }: { added: number[] }) => {
      for (const id of added) seen.add(id)
    })
    const attacker = rawConnect(relay.url, '/brt/notes', await relay.invite('brt', 'member', { name: 'Many' }))
    await attacker.opened
    attacker.ws.send(awarenessFrame([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ client: 600_000 + n, clock: 1, state: { user: { name: 'Many' } } }))))
    expect((await attacker.closed).code).toBe(CLOSE.tooManyPresences.code)
    // Nor does a withdrawal behind the state it follows in the same frame make room: y-protocols would not apply it.
    const sly = rawConnect(relay.url, '/brt/notes', await relay.invite('brt', 'member', { name: 'Sly' }))
    await sly.opened
    sly.ws.send(
      awarenessFrame(
        [1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [
          { client: 600_100 + n, clock: 5, state: { user: { name: 'Sly' } } },
          { client: 600_100 + n, clock: 1, state: null },
        ]),
      ),
    )
    expect((await sly.closed).code).toBe(CLOSE.tooManyPresences.code)
    expect((await relay.metrics()).get('casebook_relay_rejected_frames_total{reason="tooManyPresences"}')).toBe(2)
    // The relay handles one connection's frames after another's: what the member says next arrives after anything of the refused frame would have.
    member.provider.awareness.setLocalStateField('cursor', 42)
    await eventually(() => observer.provider.awareness.getStates().get(memberId)?.['cursor'] === 42, "the member's next change arrives")
    expect([...seen].filter((id) => id > 600_000)).toEqual([])
  })

  it('closes a connection that has set 32 distinct presences with 4535 at the 33rd, and forgets them all once it leaves', async () => {
    const relay = await relays.start()
    const { observer } = await workshop(relay)
    const seen = new Set<number>()
    observer.provider.awareness.on('change', ({ added }: { added: number[] }) => {
      for (const id of added) seen.add(id)
    })
    const churner = rawConnect(relay.url, '/brt/notes', await relay.invite('brt', 'viewer', { name: 'Churn' }))
    await churner.opened
    // Never more than 8 at once, but 8 new ones a frame.
    const batches = [0, 1, 2, 3, 4].map((batch) => [1, 2, 3, 4, 5, 6, 7, 8].map((n) => 800_000 + batch * 10 + n))
    const churn = (batch: number) =>
      churner.ws.send(
        awarenessFrame([
          ...(batch > 0 ? batches[batch - 1]!.map((client) => ({ client, clock: 2, state: null })) : []),
          ...batches[batch]!.map((client) => ({ client, clock: 1, state: { user: { name: 'Churn' } } })),
        ]),
      )
    for (const batch of [0, 1, 2, 3]) {
      churn(batch)
      await eventually(() => batches[batch]!.every((id) => userOf(observer, id) !== undefined), `the observer sees batch ${batch}`)
    }
    // The member's id and the churner's 32 (the observer has set no state since its first, at clock 0, which y-protocols ignores).
    expect((await relay.metrics()).get('casebook_relay_presence_ids')).toBe(33)
    churn(4)
    expect(await churner.closed).toEqual({ code: CLOSE.tooManyPresenceIds.code, reason: CLOSE.tooManyPresenceIds.reason })
    expect((await relay.metrics()).get('casebook_relay_rejected_frames_total{reason="tooManyPresenceIds"}')).toBe(1)
    await eventually(() => batches[3]!.every((id) => userOf(observer, id) === undefined), "the churner's presences go when it is closed")
    await eventually(async () => (await relay.metrics()).get('casebook_relay_presence_ids') === 1, 'the relay forgets the ids the churner set')
    expect(batches[4]!.filter((id) => seen.has(id))).toEqual([])
  })
})
