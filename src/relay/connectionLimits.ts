import type { CloseName } from '../shared/protocol/closeCodes.js'
import type { RelayLimits } from './limits.js'
import { RateLimiter } from './rateLimiter.js'

/** Who holds an open connection: the token it was admitted with, the address it came from, and its room (null for a feed). */
export interface Holder {
  tokenId: string
  address: string
  room: string | null
}

export type LimitSettings = Pick<RelayLimits, 'maxConnectionsPerToken' | 'maxConnectionsPerAddress' | 'maxDocumentsPerToken' | 'newDocumentsPerMinute'>

/**
 * What each token and each address holds open, so that a connection that would take one past its
 * limit is refused before a document is loaded for it: counted here alone (ConnectionLimits), or
 * across relay instances (SharedLimits). `refusal` and `opened` are called in one turn of the event
 * loop, so that connections at once cannot all slip under a limit.
 */
export interface Limits {
  /** Why `holder` may not open one more connection, or null if it may. `isNewDocument`: its room has nothing stored yet. */
  refusal(holder: Holder, isNewDocument: boolean): CloseName | null
  opened(holder: Holder): void
  closed(holder: Holder): void
}

/** What the other relay instances hold open, as last read: SharedLimits reads it from Redis. */
export interface Elsewhere {
  connectionsFrom(address: string): number
  connectionsOf(tokenId: string): number
  roomsOf(tokenId: string): ReadonlySet<string>
}

/** What a token holds open here: its connections, and its connections by room. */
export interface TokenHeld {
  readonly connections: number
  readonly rooms: ReadonlyMap<string, number>
}

const NOWHERE: Elsewhere = { connectionsFrom: () => 0, connectionsOf: () => 0, roomsOf: () => new Set() }

/** The limits of a relay counted here: alone, or added to what the other instances hold (`elsewhere`). */
export class ConnectionLimits implements Limits {
  private readonly byAddress = new Map<string, number>()
  private readonly byToken = new Map<string, { connections: number; rooms: Map<string, number> }>()
  /**
   * Kept while the relay runs, even for tokens with nothing open: forgetting one would give a token
   * that closes everything a fresh minute's worth. There are only as many as invites in use.
   */
  private readonly newDocuments = new Map<string, RateLimiter>()

  constructor(
    private readonly limits: LimitSettings,
    private readonly elsewhere: Elsewhere = NOWHERE,
  ) {}

  refusal({ tokenId, address, room }: Holder, isNewDocument: boolean): CloseName | null {
    const fromAddress = (this.byAddress.get(address) ?? 0) + this.elsewhere.connectionsFrom(address)
    if (fromAddress >= this.limits.maxConnectionsPerAddress) return 'tooManyConnectionsFromAddress'
    const held = this.byToken.get(tokenId)
    if ((held?.connections ?? 0) + this.elsewhere.connectionsOf(tokenId) >= this.limits.maxConnectionsPerToken) return 'tooManyConnectionsForToken'
    const roomsElsewhere = this.elsewhere.roomsOf(tokenId)
    if (room === null || held?.rooms.has(room) || roomsElsewhere.has(room)) return null
    // A room the token holds on two instances is one document.
    let rooms = held?.rooms.size ?? 0
    for (const other of roomsElsewhere) if (!held?.rooms.has(other)) rooms += 1
    if (rooms >= this.limits.maxDocumentsPerToken) return 'tooManyDocumentsForToken'
    // Taken here alone: a burst spread over instances may open a few more new documents in its minute.
    if (isNewDocument && !this.newDocumentsOf(tokenId).take()) return 'tooManyNewDocuments'
    return null
  }

  /** Connections open here from an address. */
  connectionsFrom(address: string): number {
    return this.byAddress.get(address) ?? 0
  }

  /** What a token holds open here, if anything. */
  heldBy(tokenId: string): TokenHeld | undefined {
    return this.byToken.get(tokenId)
  }

  /** The tokens with something open here. */
  tokens(): IterableIterator<string> {
    return this.byToken.keys()
  }

  /** The addresses with something open here. */
  addresses(): IterableIterator<string> {
    return this.byAddress.keys()
  }

  opened({ tokenId, address, room }: Holder): void {
    tally(this.byAddress, address, 1)
    const held = this.byToken.get(tokenId) ?? { connections: 0, rooms: new Map<string, number>() }
    this.byToken.set(tokenId, held)
    held.connections += 1
    if (room !== null) tally(held.rooms, room, 1)
  }

  closed({ tokenId, address, room }: Holder): void {
    tally(this.byAddress, address, -1)
    const held = this.byToken.get(tokenId)
    if (!held) return
    held.connections -= 1
    if (room !== null) tally(held.rooms, room, -1)
    if (held.connections === 0) this.byToken.delete(tokenId)
  }

  private newDocumentsOf(tokenId: string): RateLimiter {
    let limiter = this.newDocuments.get(tokenId)
    if (!limiter) {
      limiter = new RateLimiter(this.limits.newDocumentsPerMinute / 60, this.limits.newDocumentsPerMinute)
      this.newDocuments.set(tokenId, limiter)
    }
    return limiter
  }
}

/** Adds to a count, forgetting it at zero so that the map holds only what is open. */
function tally(counts: Map<string, number>, key: string, change: number): void {
  const count = (counts.get(key) ?? 0) + change
  if (count > 0) counts.set(key, count)
  else counts.delete(key)
}
