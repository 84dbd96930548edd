import type { CloseName } from '../../shared/protocol/closeCodes.js'
import { ConnectionLimits, type Elsewhere, type Holder, type LimitSettings, type Limits } from '../connectionLimits.js'
import type { RelayMetrics } from '../metrics.js'
import { HEARTBEAT_EXPIRY_MS, type RedisBus, succeeded } from './RedisBus.js'

/** How often this instance's counts are written to Redis, and the others' read back. */
const FLUSH_EVERY_MS = 250

/** What the other live instances hold open, as last read. */
interface Others {
  byAddress: Map<string, number>
  byToken: Map<string, { connections: number; rooms: Set<string> }>
}

/** A token's field in Redis: what one instance holds open for it. */
interface TokenField {
  connections: number
  rooms: string[]
}

const NONE: Others = { byAddress: new Map(), byToken: new Map() }
const NO_ROOMS: ReadonlySet<string> = new Set()

/**
 * Per-token and per-address limits across relay instances. Each connection is counted here at once,
 * so that `refusal` and `opened` stay in one turn of the event loop; every 250 ms the counts that
 * changed are written to a Redis hash per token and per address (a field per instance), and the other
 * live instances' counts are read back for what this instance holds. So a token can pass its limit by
 * what other instances admitted within the last batch, and its first connection on an instance is
 * checked against that instance alone. The rate of new documents per token is counted per instance.
 * While Redis is down, each instance keeps its own limits, and /metrics says so.
 */
export class SharedLimits implements Limits, Elsewhere {
  private readonly local: ConnectionLimits
  private others = NONE
  private changedTokens = new Set<string>()
  private changedAddresses = new Set<string>()
  private flushing = false
  private readonly timer: NodeJS.Timeout

  constructor(
    settings: LimitSettings,
    private readonly bus: RedisBus,
    private readonly metrics: RelayMetrics,
  ) {
    this.local = new ConnectionLimits(settings, this)
    bus.onLost(() => {
      for (const tokenId of this.local.tokens()) this.changedTokens.add(tokenId)
      for (const address of this.local.addresses()) this.changedAddresses.add(address)
    })
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS)
  }

  refusal(holder: Holder, isNewDocument: boolean): CloseName | null {
    return this.local.refusal(holder, isNewDocument)
  }

  opened(holder: Holder): void {
    this.local.opened(holder)
    this.changed(holder)
  }

  closed(holder: Holder): void {
    this.local.closed(holder)
    this.changed(holder)
  }

  connectionsFrom(address: string): number {
    return this.others.byAddress.get(address) ?? 0
  }

  connectionsOf(tokenId: string): number {
    return this.others.byToken.get(tokenId)?.connections ?? 0
  }

  roomsOf(tokenId: string): ReadonlySet<string> {
    return this.others.byToken.get(tokenId)?.rooms ?? NO_ROOMS
  }

  /** Stops writing, and removes this instance's counts from Redis (best effort); before the bus closes. */
  async close(): Promise<void> {
    clearInterval(this.timer)
    const redis = this.bus.redis
    if (redis.status !== 'ready') return
    const pipeline = redis.pipeline()
    for (const tokenId of this.local.tokens()) pipeline.hdel(tokenKey(tokenId), this.bus.instance)
    for (const address of this.local.addresses()) pipeline.hdel(addressKey(address), this.bus.instance)
    await pipeline.exec().catch(() => {})
  }

  private changed({ tokenId, address }: Holder): void {
    this.changedTokens.add(tokenId)
    this.changedAddresses.add(address)
  }

  /** Writes what changed here, and reads what the others hold of the same tokens and addresses. */
  private async flush(): Promise<void> {
    if (this.flushing) return
    if (!this.bus.connected) return this.countHereAlone()
    this.flushing = true
    const tokens = this.changedTokens
    const addresses = this.changedAddresses
    this.changedTokens = new Set()
    this.changedAddresses = new Set()
    try {
      const { instance, redis } = this.bus
      const pipeline = redis.pipeline()
      for (const tokenId of tokens) {
        const held = this.local.heldBy(tokenId)
        if (held)
          pipeline.hset(tokenKey(tokenId), instance, JSON.stringify({ connections: held.connections, rooms: [...held.rooms.keys()] } satisfies TokenField))
        else pipeline.hdel(tokenKey(tokenId), instance)
      }
      for (const address of addresses) {
        const count = this.local.connectionsFrom(address)
        if (count > 0) pipeline.hset(addressKey(address), instance, count)
        else pipeline.hdel(addressKey(address), instance)
      }
      const heldTokens = [...this.local.tokens()]
      const heldAddresses = [...this.local.addresses()]
      // The expiry is renewed while some instance holds the key, so that one nobody holds goes with the last holder.
      const keys = [...heldTokens.map(tokenKey), ...heldAddresses.map(addressKey)]
      for (const key of keys) pipeline.pexpire(key, HEARTBEAT_EXPIRY_MS).hgetall(key)
      const replies = succeeded(await pipeline.exec()).slice(tokens.size + addresses.size)
      const hashes = keys.map((_key, index) => replies[2 * index + 1] as Record<string, string>)
      const instances = new Set(hashes.flatMap((fields) => Object.keys(fields)).filter((other) => other !== instance))
      const alive = await this.bus.alive([...instances])
      const others: Others = { byAddress: new Map(), byToken: new Map() }
      keys.forEach((key, index) => {
        const fields = Object.entries(hashes[index]!).filter(([other]) => other !== instance)
        this.bus.sweep(
          key,
          fields.map(([other]) => other).filter((other) => !alive.has(other)),
        )
        const live = fields.filter(([other]) => alive.has(other)).map(([, value]) => value)
        if (index < heldTokens.length) others.byToken.set(heldTokens[index]!, sumTokens(live))
        else
          others.byAddress.set(
            heldAddresses[index - heldTokens.length]!,
            live.reduce((sum, value) => sum + Number(value), 0),
          )
      })
      this.others = others
      this.metrics.limitsShared.set(1)
    } catch {
      for (const tokenId of tokens) this.changedTokens.add(tokenId)
      for (const address of addresses) this.changedAddresses.add(address)
      this.countHereAlone()
    } finally {
      this.flushing = false
    }
  }

  /** Redis is down: what the others held may have changed unseen, so each instance keeps its own limits until it is back. */
  private countHereAlone(): void {
    this.others = NONE
    this.metrics.limitsShared.set(0)
  }
}

/** What the other instances hold of one token, from their fields. */
function sumTokens(values: readonly string[]): { connections: number; rooms: Set<string> } {
  const total = { connections: 0, rooms: new Set<string>() }
  for (const value of values) {
    const field = JSON.parse(value) as TokenField
    total.connections += field.connections
    for (const room of field.rooms) total.rooms.add(room)
  }
  return total
}

function tokenKey(tokenId: string): string {
  return `casebook:limits:token:${tokenId}`
}

function addressKey(address: string): string {
  return `casebook:limits:address:${address}`
}
