import { Redis } from 'ioredis'
import pino from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Holder } from '../../../src/relay/connectionLimits.js'
import { RelayMetrics } from '../../../src/relay/metrics.js'
import { RedisBus } from '../../../src/relay/redis/RedisBus.js'
import { SharedLimits } from '../../../src/relay/redis/SharedLimits.js'
import { eventually } from '../../helpers/eventually.js'
import { parseMetrics } from '../../helpers/parseMetrics.js'
import { type RedisServer, startRedis } from '../../helpers/redisServer.js'

const SETTINGS = { maxConnectionsPerToken: 3, maxConnectionsPerAddress: 3, maxDocumentsPerToken: 2, newDocumentsPerMinute: 60 }

/** One relay instance's limits, with its own connections to Redis and its own metrics. */
interface Instance {
  bus: RedisBus
  metrics: RelayMetrics
  limits: SharedLimits
}

async function instance(url: string): Promise<Instance> {
  const bus = await RedisBus.open(url, pino({ level: 'silent' }))
  const metrics = new RelayMetrics()
  return { bus, metrics, limits: new SharedLimits(SETTINGS, bus, metrics) }
}

/** What /metrics says of the limits: 1 shared, 0 counted here alone. */
async function shared({ metrics }: Instance): Promise<number | undefined> {
  return parseMetrics(await metrics.registry.metrics()).get('casebook_relay_limits_shared')
}

let addresses = 0

/** A connection of `tokenId` to `room` from an address of its own, unless given one. */
function holder(tokenId: string, room: string | null, address?: string): Holder {
  addresses += 1
  return { tokenId, address: address ?? `10.0.0.${addresses}`, room }
}

describe('SharedLimits', () => {
  let redis: RedisServer
  let a: Instance
  let b: Instance

  beforeEach(async () => {
    redis = await startRedis()
    ;[a, b] = await Promise.all([instance(redis.url), instance(redis.url)])
  })

  afterEach(async () => {
    for (const { limits, bus } of [a, b]) {
      await limits.close()
      await bus.close()
    }
    await redis.stop()
  })

  it("counts a token's connections on every instance", async () => {
    const onB = holder('token', 'net/3')
    a.limits.opened(holder('token', 'net/1'))
    a.limits.opened(holder('token', null))
    b.limits.opened(onB)
    expect(a.limits.refusal(holder('token', null), false)).toBeNull()
    await eventually(
      () => a.limits.refusal(holder('token', null), false) !== null && b.limits.refusal(holder('token', null), false) !== null,
      'both instances see three connections',
    )
    expect(a.limits.refusal(holder('token', 'net/1'), false)).toBe('tooManyConnectionsForToken')
    expect(b.limits.refusal(holder('token', 'net/3'), false)).toBe('tooManyConnectionsForToken')
    expect(await shared(a)).toBe(1)
    b.limits.closed(onB)
    await eventually(() => a.limits.refusal(holder('token', null), false) === null, "A sees B's connection closed")
  })

  it("counts an address's connections on every instance", async () => {
    a.limits.opened(holder('one', null, '192.0.2.7'))
    a.limits.opened(holder('two', null, '192.0.2.7'))
    b.limits.opened(holder('three', null, '192.0.2.7'))
    await eventually(() => b.limits.refusal(holder('four', null, '192.0.2.7'), false) !== null, 'B sees three connections from the address')
    expect(b.limits.refusal(holder('four', null, '192.0.2.7'), false)).toBe('tooManyConnectionsFromAddress')
    expect(b.limits.refusal(holder('four', null, '192.0.2.8'), false)).toBeNull()
  })

  it("counts a token's documents on every instance, a document open on two instances once", async () => {
    const onB = holder('token', 'net/2')
    a.limits.opened(holder('token', 'net/1'))
    b.limits.opened(onB)
    await eventually(() => a.limits.refusal(holder('token', 'net/3'), false) !== null, 'A sees the document open on B')
    expect(a.limits.refusal(holder('token', 'net/3'), false)).toBe('tooManyDocumentsForToken')
    // A document already open elsewhere is not one more.
    expect(a.limits.refusal(holder('token', 'net/2'), false)).toBeNull()
    b.limits.closed(onB)
    b.limits.opened(holder('token', 'net/1'))
    await eventually(() => a.limits.refusal(holder('token', 'net/3'), false) === null, 'A sees both instances hold the same document')
  })

  it('falls back to counting on each instance while Redis is down, and shares again when it is back', async () => {
    a.limits.opened(holder('token', null))
    a.limits.opened(holder('token', null))
    b.limits.opened(holder('token', null))
    await eventually(() => a.limits.refusal(holder('token', null), false) !== null, 'A sees three connections')
    await redis.stop()
    await eventually(async () => (await shared(a)) === 0 && (await shared(b)) === 0, 'both say the limits are counted alone')
    // A holds two here: a third is allowed, a fourth is not.
    expect(a.limits.refusal(holder('token', null), false)).toBeNull()
    a.limits.opened(holder('token', null))
    expect(a.limits.refusal(holder('token', null), false)).toBe('tooManyConnectionsForToken')
    expect(b.limits.refusal(holder('token', null), false)).toBeNull()
    // The new Redis holds nothing: each instance writes its counts again.
    await redis.restart()
    await eventually(async () => (await shared(a)) === 1 && (await shared(b)) === 1, 'both say the limits are shared again')
    await eventually(() => b.limits.refusal(holder('token', null), false) !== null, 'B sees the three connections on A')
    expect(b.limits.refusal(holder('token', null), false)).toBe('tooManyConnectionsForToken')
  })

  it('stops counting what an instance that died without closing held once its heartbeat expires', async () => {
    a.limits.opened(holder('token', null))
    b.limits.opened(holder('token', null))
    b.limits.opened(holder('token', null))
    await eventually(() => a.limits.refusal(holder('token', null), false) !== null, "A sees B's two connections")
    // B's process dies: its heartbeat and its batches stop, its connections to Redis drop, nothing is removed.
    clearInterval(b.bus['heartbeat'])
    clearInterval(b.limits['timer'])
    b.bus.redis.disconnect()
    b.bus['subscriber'].disconnect()
    await eventually(() => a.limits.refusal(holder('token', null), false) === null, "B's connections no longer count", 15_000)
  })

  it('writes its counts again into a Redis that restarted empty', async () => {
    const probe = new Redis(redis.url)
    probe.on('error', () => {})
    const written = async () => (await probe.hget('casebook:limits:token:token', a.bus.instance)) !== null
    try {
      a.limits.opened(holder('token', null))
      await eventually(written, "A's count is in Redis")
      await redis.restart()
      await eventually(written, "A's count is back in Redis")
      expect(JSON.parse((await probe.hget('casebook:limits:token:token', a.bus.instance))!)).toEqual({ connections: 1, rooms: [] })
    } finally {
      probe.disconnect()
    }
  })
})
