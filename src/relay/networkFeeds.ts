import type { Logger } from 'pino'
import type { DocumentChange } from '../shared/protocol/messages.js'
import { parseRoomName } from '../shared/protocol/rooms.js'
import type { Bus } from './bus.js'
import type { DocumentStore, RoomChange } from './documentStore.js'
import type { Feed } from './feed.js'

interface Network {
  feeds: Set<Feed>
  /** The latest change number told to this network's feeds. */
  told: number
  /** The members told to its feeds last, as text, to tell them only of a change; and the feeds told them. */
  members: string
  toldMembers: WeakSet<Feed>
  /** The work on this network's feeds, one step at a time, in order. */
  queue: Promise<void>
}

/**
 * The networks' feeds on this relay instance. Each feed is told of each change once, in order, with
 * no gap: changes come from this instance's appends and, through the bus, from other instances',
 * whose messages may arrive out of order or be lost; a change whose number does not follow the last
 * one told, or a bus that reconnected, has the feeds' network read again from the store, whose
 * numbers follow commit order with no gaps. Who is online is gathered from every instance (Bus.members).
 */
export class NetworkFeeds {
  private readonly networks = new Map<string, Network>()

  constructor(
    private readonly store: DocumentStore,
    private readonly bus: Bus,
    private readonly log: Logger,
  ) {}

  /**
   * Starts a feed with every document of the network changed after `since`; a `since` beyond the
   * network's latest change (the relay's data was replaced) gets every document.
   */
  add(feed: Feed, since: number): void {
    let network = this.networks.get(feed.network)
    const first = !network
    network ??= { feeds: new Set(), told: 0, members: '', toldMembers: new WeakSet(), queue: Promise.resolve() }
    this.networks.set(feed.network, network)
    this.step(feed.network, network, async () => {
      if (first) network.told = await this.store.latestChange(feed.network)
      const changes = await this.store.changesAfter(feed.network, since > network.told ? 0 : since)
      if (feed.isClosed) return
      feed.changed(documents(changes.filter(({ seq }) => seq <= network.told)))
      network.feeds.add(feed)
    })
    this.membersChanged(feed.network)
  }

  remove(feed: Feed): void {
    const network = this.networks.get(feed.network)
    if (!network) return
    network.feeds.delete(feed)
    this.membersChanged(feed.network)
  }

  /** Tells the feeds of changes made durable here or on another instance (each publishes its own). */
  changed(changes: readonly RoomChange[]): void {
    const byNetwork = new Map<string, RoomChange[]>()
    for (const change of changes) {
      const { network } = parseRoomName(change.room)
      if (this.networks.has(network)) byNetwork.set(network, [...(byNetwork.get(network) ?? []), change])
    }
    for (const [name, arrived] of byNetwork) {
      const network = this.networks.get(name)!
      this.step(name, network, async () => {
        const fresh = arrived.filter(({ seq }) => seq > network.told).sort((a, b) => a.seq - b.seq)
        if (fresh.length === 0) return
        const follows = fresh.every(({ seq }, index) => seq === network.told + index + 1)
        this.tell(network, follows ? fresh : await this.store.changesAfter(name, network.told))
      })
    }
  }

  /** After the bus was down: every network's changes since the last told, from the store. */
  reread(): void {
    for (const [name, network] of this.networks) {
      this.step(name, network, async () => this.tell(network, await this.store.changesAfter(name, network.told)))
    }
  }

  /** This instance's feeds of a network changed: everyone is told who is online, on every instance. */
  private membersChanged(network: string): void {
    this.bus.publish({ type: 'members', network })
    this.members(network)
  }

  /** Tells a network's feeds here who is online in it on every instance: each person once. */
  members(name: string): void {
    const network = this.networks.get(name)
    if (!network) return
    this.step(name, network, async () => {
      const here = [...network.feeds].map(({ member }) => member)
      const everyone = new Map((await this.bus.members(name, here)).map((member) => [`${member.name}\n${member.city ?? ''}`, member]))
      const sorted = [...everyone.values()].sort((a, b) => a.name.localeCompare(b.name))
      const text = JSON.stringify(sorted)
      if (text !== network.members) network.toldMembers = new WeakSet()
      network.members = text
      for (const feed of network.feeds) {
        if (network.toldMembers.has(feed)) continue
        network.toldMembers.add(feed)
        feed.members(sorted)
      }
    })
  }

  /** Asks again who is online in every network with feeds here: an instance that died is gone from the answer. */
  refreshMembers(): void {
    for (const name of this.networks.keys()) this.members(name)
  }

  private tell(network: Network, changes: RoomChange[]): void {
    const fresh = changes.filter(({ seq }) => seq > network.told)
    if (fresh.length === 0) return
    network.told = Math.max(...fresh.map(({ seq }) => seq))
    const told = documents(fresh)
    for (const feed of network.feeds) feed.changed(told)
  }

  /** Runs a step of a network's work after the steps before it; a network with no feeds left is forgotten. */
  private step(name: string, network: Network, work: () => Promise<void>): void {
    network.queue = network.queue
      .then(work)
      .catch((error: unknown) => this.log.error({ err: error, network: name }, 'could not tell the feeds of a network'))
      .then(() => {
        if (network.feeds.size === 0 && this.networks.get(name) === network && network.queue === queued) this.networks.delete(name)
      })
    const queued = network.queue
  }
}

function documents(changes: readonly RoomChange[]): DocumentChange[] {
  return changes.map(({ room, seq }) => ({ document: parseRoomName(room).document, seq }))
}
