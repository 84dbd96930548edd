import * as decoding from 'lib0/decoding'
import { describe, expect, it } from 'vitest'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import { MESSAGE, readChanged, type DocumentChange } from '../../../src/shared/protocol/messages.js'
import { eventually, frameType, rawConnect, useClients, useRawConnections, type RawConnection } from '../../helpers/clients.js'
import { membersIn } from '../../helpers/feedFrames.js'
import { useRelays, type RelayProcess } from '../../helpers/relay.js'

function changesIn(frame: Uint8Array): DocumentChange[] {
  const decoder = decoding.createDecoder(frame)
  expect(decoding.readVarUint(decoder)).toBe(MESSAGE.changed)
  return readChanged(decoder)
}

const changeFrames = (feed: RawConnection) => feed.frames.filter((frame) => frameType(frame) === MESSAGE.changed)
const documentsIn = (feed: RawConnection) =>
  changeFrames(feed)
    .flatMap(changesIn)
    .map((change) => change.document)

describe("a network's feed of changed documents", () => {
  const relays = useRelays()
  const clients = useClients()
  const raw = useRawConnections()

  async function write(relay: RelayProcess, room: string, text: string): Promise<void> {
    const client = clients.connect(relay.url, room, await relay.invite(room.split('/')[0]!, 'member'), { ack: true })
    await client.synced()
    client.doc.getText('t').insert(0, text)
    // Its second update message (after the reply to the relay's sync step 1) carries the text.
    await eventually(() => client.stored.some((count) => count >= 2), `${room} is stored`)
  }

  async function subscribe(
    relay: RelayProcess,
    network: string,
    since?: number,
    role: 'viewer' | 'member' = 'viewer',
    who: { name?: string; city?: string } = {},
  ) {
    const feed = raw.connect(relay.url, `/${network}`, await relay.invite(network, role, who), since === undefined ? '' : `&since=${since}`)
    await eventually(() => changeFrames(feed).length > 0, 'the feed sends what changed so far')
    return feed
  }

  it('lists the documents of its network changed so far, then each new change once it is stored', async () => {
    const relay = await relays.start()
    await write(relay, 'brt/lagos', 'Lagos')
    await write(relay, 'brt/bogota', 'Bogotá')
    await write(relay, 'adaptation/rotterdam', 'Rotterdam')

    const feed = await subscribe(relay, 'brt')
    const backlog = changesIn(changeFrames(feed)[0]!)
    expect(backlog.map((change) => change.document)).toEqual(['lagos', 'bogota'])
    expect(backlog[1]!.seq).toBeGreaterThan(backlog[0]!.seq)

    await write(relay, 'brt/quito', 'Quito')
    await write(relay, 'adaptation/durban', 'Durban')
    await write(relay, 'brt/lagos', 'More on Lagos')
    await eventually(() => documentsIn(feed).length === 4, 'the feed tells of two more changes')
    expect(documentsIn(feed)).toEqual(['lagos', 'bogota', 'quito', 'lagos'])
    const seqs = changeFrames(feed)
      .flatMap(changesIn)
      .map((change) => change.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
  })

  it('resumes after the change number a client has seen, and starts over when that number is beyond the relay', async () => {
    const relay = await relays.start()
    await write(relay, 'brt/lagos', 'Lagos')
    await write(relay, 'brt/bogota', 'Bogotá')
    const first = await subscribe(relay, 'brt')
    const seen = changesIn(changeFrames(first)[0]!).at(-1)!.seq
    await write(relay, 'brt/quito', 'Quito')

    const resumed = await subscribe(relay, 'brt', seen)
    expect(documentsIn(resumed)).toEqual(['quito'])
    const beyond = await subscribe(relay, 'brt', seen + 1000)
    expect(documentsIn(beyond)).toEqual(['lagos', 'bogota', 'quito'])
  })

  it('keeps the change numbers across a restart of the relay', async () => {
    const first = await relays.start()
    await write(first, 'brt/lagos', 'Lagos')
    const before = changesIn(changeFrames(await subscribe(first, 'brt'))[0]!)
    const second = await relays.restart(first)
    await write(second, 'brt/bogota', 'Bogotá')
    const after = changesIn(changeFrames(await subscribe(second, 'brt'))[0]!)
    expect(after.map((change) => change.document)).toEqual(['lagos', 'bogota'])
    expect(after[0]).toEqual(before[0])
    expect(after[1]!.seq).toBeGreaterThan(before[0]!.seq)
  })

  it('closes a feed that sends anything, and refuses a change number that is not one', async () => {
    const relay = await relays.start()
    const feed = await subscribe(relay, 'brt', undefined, 'member')
    feed.ws.send(new Uint8Array([0, 0, 0]))
    expect(await feed.closed).toEqual({ code: CLOSE.unknownMessage.code, reason: CLOSE.unknownMessage.reason })

    for (const since of ['-1', 'abc', '1.5']) {
      const bad = rawConnect(relay.url, '/brt', await relay.invite('brt', 'member'), `&since=${since}`)
      expect(await bad.closed).toEqual({ code: CLOSE.badRoom.code, reason: CLOSE.badRoom.reason })
      expect(bad.frames).toEqual([])
    }
  })

  it('tells each feed of its network who is online, once each, as people come and go', async () => {
    const relay = await relays.start()
    const amara = await subscribe(relay, 'brt', undefined, 'member', { name: 'Amara', city: 'Lagos' })
    await eventually(() => membersIn(amara)?.length === 1, 'Amara hears of herself')
    expect(membersIn(amara)).toEqual([{ name: 'Amara', city: 'Lagos' }])

    const lucia = await subscribe(relay, 'brt', undefined, 'viewer', { name: 'Lucía' })
    const amaraAgain = await subscribe(relay, 'brt', undefined, 'member', { name: 'Amara', city: 'Lagos' })
    const elsewhere = await subscribe(relay, 'adaptation', undefined, 'member', { name: 'Wei', city: 'Shenzhen' })
    const both = [{ name: 'Amara', city: 'Lagos' }, { name: 'Lucía' }]
    await eventually(() => JSON.stringify(membersIn(amara)) === JSON.stringify(both), 'Amara hears of Lucía, and of herself once')
    await eventually(() => JSON.stringify(membersIn(lucia)) === JSON.stringify(both), 'Lucía hears of both')
    expect(membersIn(elsewhere)).toEqual([{ name: 'Wei', city: 'Shenzhen' }])

    lucia.ws.close()
    await eventually(() => membersIn(amara)?.length === 1, 'Amara hears that Lucía left')
    expect(membersIn(amaraAgain)).toEqual([{ name: 'Amara', city: 'Lagos' }])
    expect(documentsIn(amara)).toEqual([])
  })
})
