import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import type { DocumentChange, Member } from '../../../src/shared/protocol/messages.js'
import type { DocumentStore, RoomChange } from '../../../src/relay/documentStore.js'
import type { Feed } from '../../../src/relay/feed.js'
import { LocalBus } from '../../../src/relay/localBus.js'
import { NetworkFeeds } from '../../../src/relay/networkFeeds.js'

/** A network's changes as a store holds them (each room's latest number), and the reads asked of it. */
function storeOf(changes: RoomChange[]) {
  const reads: number[] = []
  const store = {
    latestChange: async () => Math.max(0, ...changes.map(({ seq }) => seq)),
    changesAfter: async (_network: string, seq: number) => {
      reads.push(seq)
      return changes.filter((change) => change.seq > seq).sort((a, b) => a.seq - b.seq)
    },
  } as unknown as DocumentStore
  return { store, reads, changes }
}

function feedOf(network: string): Feed & { told: DocumentChange[][]; membersTold: Member[][] } {
  const feed = {
    network,
    isClosed: false,
    member: { name: 'Ana', city: 'Lagos' },
    told: [] as DocumentChange[][],
    membersTold: [] as Member[][],
    changed(changes: DocumentChange[]) {
      feed.told.push(changes)
    },
    members(members: Member[]) {
      feed.membersTold.push(members)
    },
  }
  return feed as unknown as Feed & { told: DocumentChange[][]; membersTold: Member[][] }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10))

describe("the networks' feeds on one relay instance", () => {
  it('tells each change once and in order; one that skips a number has the network read again from the store', async () => {
    const { store, reads, changes } = storeOf([{ room: 'brt/a', seq: 1 }])
    const feeds = new NetworkFeeds(store, new LocalBus(), pino({ level: 'silent' }))
    const feed = feedOf('brt')
    feeds.add(feed, 0)
    await settle()
    expect(feed.told).toEqual([[{ document: 'a', seq: 1 }]])
    // This instance's commit: the next number, told as it is.
    changes.push({ room: 'brt/b', seq: 2 })
    feeds.changed([{ room: 'brt/b', seq: 2 }])
    await settle()
    expect(feed.told.at(-1)).toEqual([{ document: 'b', seq: 2 }])
    expect(reads).toEqual([0])
    // Another instance's 4 arrives before its 3: the store is read from 2, and both are told.
    changes.push({ room: 'brt/c', seq: 3 }, { room: 'brt/d', seq: 4 })
    feeds.changed([{ room: 'brt/d', seq: 4 }])
    await settle()
    expect(reads).toEqual([0, 2])
    expect(feed.told.at(-1)).toEqual([
      { document: 'c', seq: 3 },
      { document: 'd', seq: 4 },
    ])
    // 3 arriving late is not told again.
    feeds.changed([{ room: 'brt/c', seq: 3 }])
    await settle()
    expect(feed.told).toHaveLength(3)
  })

  it('reads every network again from the store after the bus was down', async () => {
    const { store, reads, changes } = storeOf([{ room: 'brt/a', seq: 1 }])
    const feeds = new NetworkFeeds(store, new LocalBus(), pino({ level: 'silent' }))
    const feed = feedOf('brt')
    feeds.add(feed, 0)
    await settle()
    changes.push({ room: 'brt/b', seq: 2 })
    feeds.reread()
    await settle()
    expect(reads).toEqual([0, 1])
    expect(feed.told.at(-1)).toEqual([{ document: 'b', seq: 2 }])
  })

  it('tells a feed that starts only what changed after its `since`, and every document when `since` is past the latest', async () => {
    const { store } = storeOf([
      { room: 'brt/a', seq: 1 },
      { room: 'brt/b', seq: 2 },
    ])
    const feeds = new NetworkFeeds(store, new LocalBus(), pino({ level: 'silent' }))
    const since1 = feedOf('brt')
    const past = feedOf('brt')
    feeds.add(since1, 1)
    feeds.add(past, 9)
    await settle()
    expect(since1.told).toEqual([[{ document: 'b', seq: 2 }]])
    expect(past.told).toEqual([
      [
        { document: 'a', seq: 1 },
        { document: 'b', seq: 2 },
      ],
    ])
    expect(since1.membersTold.at(-1)).toEqual([{ name: 'Ana', city: 'Lagos' }])
  })
})
