import { randomUUID } from 'node:crypto'
import { Redis, type RedisOptions } from 'ioredis'
import type { Logger } from 'pino'
import { CasebookError } from '../../shared/errors.js'
import type { Member } from '../../shared/protocol/messages.js'
import type { Bus, BusMessage } from '../bus.js'
import { redacted } from '../postgres/openPostgres.js'
import { type BusFrame, decodeBusFrame, encodeBusFrame } from './busFrame.js'
import { readMembersJson } from './membersJson.js'

/** Every instance publishes on one channel, so that each receives the others' messages in the order they were published. */
const CHANNEL = 'casebook:bus'
/** How long an instance that stopped refreshing its heartbeat still counts as alive. */
export const HEARTBEAT_EXPIRY_MS = 10_000
const HEARTBEAT_EVERY_MS = 3_000
/** How long Redis may take to answer when the relay starts. */
const OPEN_TIMEOUT_MS = 5_000
/** KEYS: a hash, then the heartbeat keys of the instances in ARGV, whose fields go if their heartbeat is gone. */
const SWEEP = `for i = 2, #KEYS do
  if redis.call('exists', KEYS[i]) == 0 then redis.call('hdel', KEYS[1], ARGV[i - 1]) end
end`

/**
 * Fan-out between relay instances through Redis pub/sub, best effort: what is published while Redis
 * is down is lost, and each room exchanges state vectors after the bus comes back (`onReconnect`).
 * Presence is a hash per network, one field per instance, each instance kept alive by a heartbeat
 * key that expires unless refreshed, so that an instance that dies without closing drops out.
 */
export class RedisBus implements Bus {
  readonly instance = randomUUID()
  private subscribed = true
  private readonly receivers: ((message: BusMessage, from: string) => void)[] = []
  private readonly reconnected: (() => void)[] = []
  private readonly lost: (() => void)[] = []
  /** This instance's members by network, as last recorded: written again if Redis loses them. */
  private readonly recorded = new Map<string, string>()
  private readonly heartbeat: NodeJS.Timeout
  private closing = false

  /** Connects to Redis at `url`, or rejects if it does not answer within a few seconds. */
  static async open(url: string, log: Logger): Promise<RedisBus> {
    if (!/^rediss?:\/\//.test(url))
      throw new CasebookError('USAGE', `The Redis address must start with redis:// or rediss://, not ${JSON.stringify(redacted(url))}.`)
    const options: RedisOptions = {
      lazyConnect: true,
      connectTimeout: OPEN_TIMEOUT_MS,
      // Publishing is best effort: while Redis is down a command fails at once rather than waiting in a queue that grows.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 2_000,
      autoResendUnfulfilledCommands: false,
    }
    // Resubscribing is done here, on each 'ready', so that `onReconnect` is called once Redis has confirmed it.
    const connections = [new Redis(url, options), new Redis(url, { ...options, autoResubscribe: false })] as const
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`it did not answer within ${OPEN_TIMEOUT_MS / 1000} seconds`)), OPEN_TIMEOUT_MS)
        // The connection's own error (refused, wrong password) says more than connect()'s "Connection is closed."
        for (const connection of connections) connection.on('error', reject)
        Promise.all(connections.map((connection) => connection.connect()))
          .then(() => connections[1].subscribe(CHANNEL))
          .then(() => resolve(), reject)
          .finally(() => {
            clearTimeout(timer)
            for (const connection of connections) connection.off('error', reject)
          })
      })
    } catch (error) {
      for (const connection of connections) connection.disconnect()
      throw new CasebookError('STORAGE_FAILED', `Could not reach Redis at ${redacted(url)}: ${(error as Error).message}`, { cause: error })
    }
    const bus = new RedisBus(connections[0], connections[1], log)
    await bus.beat()
    return bus
  }

  private constructor(
    /** The connection for commands (the subscriber's can only listen). */
    readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly log: Logger,
  ) {
    // ioredis retries by itself; its errors are said once, when the bus goes down.
    let lastError: Error | undefined
    redis.on('error', (error: Error) => (lastError = error))
    subscriber.on('error', (error: Error) => (lastError = error))
    subscriber.on('messageBuffer', (_channel: Buffer, frame: Buffer) => this.receive(frame))
    subscriber.on('close', () => {
      if (!this.subscribed || this.closing) return
      this.subscribed = false
      log.warn({ reason: lastError?.message }, 'lost Redis: messages from other relay instances are missed until it is back')
    })
    subscriber.on('ready', () => {
      subscriber.subscribe(CHANNEL).then(
        () => this.resubscribed(),
        () => {},
      )
    })
    // Back after a restart, Redis holds nothing of this instance: the heartbeat says so.
    redis.on('ready', () => void this.beat())
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_EVERY_MS)
  }

  get connected(): boolean {
    return this.subscribed
  }

  publish(message: BusMessage): void {
    if (this.redis.status !== 'ready') return
    this.redis.publish(CHANNEL, Buffer.from(encodeBusFrame(this.instance, message))).catch(() => {})
  }

  subscribe(receive: (message: BusMessage, from: string) => void): void {
    this.receivers.push(receive)
  }

  onReconnect(then: () => void): void {
    this.reconnected.push(then)
  }

  /** Calls `then` when Redis may have lost what this instance wrote (it restarted, or this process stalled past the heartbeat's expiry). */
  onLost(then: () => void): void {
    this.lost.push(then)
  }

  async members(network: string, here: readonly Member[]): Promise<Member[]> {
    const key = membersKey(network)
    if (here.length > 0) this.recorded.set(network, JSON.stringify(here))
    else this.recorded.delete(network)
    try {
      const pipeline = this.redis.pipeline()
      const value = this.recorded.get(network)
      if (value) pipeline.hset(key, this.instance, value)
      else pipeline.hdel(key, this.instance)
      const [, read] = succeeded(await pipeline.hgetall(key).exec())
      const fields = read as Record<string, string>
      const others = Object.keys(fields).filter((instance) => instance !== this.instance)
      const alive = await this.alive(others)
      this.sweep(
        key,
        others.filter((instance) => !alive.has(instance)),
      )
      return [...here, ...[...alive].flatMap((instance) => readMembersJson(fields[instance]!))]
    } catch {
      return [...here]
    }
  }

  /** Which of these instances are still alive: those whose heartbeat has not expired. */
  async alive(instances: readonly string[]): Promise<Set<string>> {
    if (instances.length === 0) return new Set()
    const beats = await this.redis.mget(instances.map(heartbeatKey))
    return new Set(instances.filter((_instance, index) => beats[index] !== null))
  }

  /**
   * Removes the fields of dead instances from a hash. Each is checked again as it is removed, in one
   * script: an instance that came back meanwhile (Redis restarted) keeps what it just wrote.
   */
  sweep(key: string, dead: readonly string[]): void {
    if (dead.length === 0) return
    this.redis.eval(SWEEP, 1 + dead.length, key, ...dead.map(heartbeatKey), ...dead).catch(() => {})
  }

  async close(): Promise<void> {
    this.closing = true
    clearInterval(this.heartbeat)
    if (this.redis.status === 'ready') {
      const pipeline = this.redis.pipeline().del(heartbeatKey(this.instance))
      for (const network of this.recorded.keys()) pipeline.hdel(membersKey(network), this.instance)
      await pipeline.exec().catch(() => {})
    }
    this.redis.disconnect()
    this.subscriber.disconnect()
  }

  /**
   * Refreshes this instance's heartbeat. If it had expired (Redis restarted, or this process was
   * stalled), the others may have swept this instance's records: they are written again.
   */
  private async beat(): Promise<void> {
    if (this.closing) return
    try {
      const before = await this.redis.set(heartbeatKey(this.instance), '1', 'PX', HEARTBEAT_EXPIRY_MS, 'GET')
      if (before !== null || this.closing) return
      const pipeline = this.redis.pipeline()
      for (const [network, value] of this.recorded) pipeline.hset(membersKey(network), this.instance, value)
      await pipeline.exec()
      for (const then of this.lost) then()
    } catch {
      // Redis is down: the next beat, or its coming back, tries again.
    }
  }

  private resubscribed(): void {
    if (this.subscribed || this.closing) return
    // What the handlers publish (each room's state vector) needs the publisher back too.
    if (this.redis.status !== 'ready') return void this.redis.once('ready', () => this.resubscribed())
    this.subscribed = true
    this.log.info('Redis is back: rooms exchange state vectors with the other relay instances')
    for (const then of this.reconnected) then()
  }

  private receive(frame: Buffer): void {
    let received: BusFrame | null
    try {
      // Copied: ioredis's parser reuses its buffer, and a room still loading holds what it receives.
      received = decodeBusFrame(new Uint8Array(frame), this.instance)
    } catch (error) {
      this.log.error({ err: error }, 'could not read a message from another relay instance')
      return
    }
    if (!received) return
    for (const receive of this.receivers) receive(received.message, received.from)
  }
}

function membersKey(network: string): string {
  return `casebook:members:${network}`
}

export function heartbeatKey(instance: string): string {
  return `casebook:instance:${instance}`
}

/** The replies of a pipeline, or the first error among them. */
export function succeeded(results: [Error | null, unknown][] | null): unknown[] {
  if (!results) throw new Error('The Redis connection closed.')
  return results.map(([error, result]) => {
    if (error) throw error
    return result
  })
}
