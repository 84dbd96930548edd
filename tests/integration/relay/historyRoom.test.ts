import { describe, expect, it } from 'vitest'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import { historyRoomOf } from '../../../src/shared/protocol/rooms.js'
import { closedForGood, eventually, useClients } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'

const DOCUMENT = '0123456789abcdef'
const entries = (client: { doc: { getArray(name: string): { toArray(): unknown[] } } }) => client.doc.getArray('versions').toArray()

describe('a document’s version history on the relay', () => {
  const relays = useRelays()
  const clients = useClients()

  it('can only be added to: a member’s update that deletes a version is refused whole, and nothing of the history is lost, then or after a restart', async () => {
    const relay = await relays.start()
    const room = `brt/${historyRoomOf(DOCUMENT)}`
    const member = clients.connect(relay.url, room, await relay.invite('brt', 'member'), { ack: true })
    await member.synced()
    member.doc.getArray('versions').push(['first version'])
    member.doc.getArray('versions').push(['second version'])
    const reader = clients.connect(relay.url, room, await relay.invite('brt', 'viewer'))
    await eventually(() => entries(reader).length === 2, 'both versions reach another member')

    // The attack: the member's own client deletes the first version (and adds a third in the same update).
    member.doc.transact(() => {
      member.doc.getArray('versions').delete(0, 1)
      member.doc.getArray('versions').push(['third version'])
    })
    await closedForGood(member, CLOSE.historyDeleted, 'the member is closed for deleting from the history')
    const late = clients.connect(relay.url, room, await relay.invite('brt', 'viewer'))
    await late.synced()
    expect(entries(late)).toEqual(['first version', 'second version'])
    expect(entries(reader)).toEqual(['first version', 'second version'])
    expect((await relay.metrics()).get('casebook_relay_rejected_frames_total{reason="historyDeleted"}')).toBe(1)

    const restarted = await relays.restart(relay)
    const afterRestart = clients.connect(restarted.url, room, await restarted.invite('brt', 'viewer'))
    await afterRestart.synced()
    expect(entries(afterRestart)).toEqual(['first version', 'second version'])
  })

  it('leaves the document itself as it was: there, the same deletion is an ordinary edit', async () => {
    const relay = await relays.start()
    const member = clients.connect(relay.url, `brt/${DOCUMENT}`, await relay.invite('brt', 'member'))
    await member.synced()
    member.doc.getArray('versions').push(['a', 'b'])
    member.doc.getArray('versions').delete(0, 1)
    const reader = clients.connect(relay.url, `brt/${DOCUMENT}`, await relay.invite('brt', 'viewer'))
    await eventually(() => JSON.stringify(entries(reader)) === '["b"]', 'the deletion reaches another member')
    expect(member.closes).toEqual([])
  })
})
