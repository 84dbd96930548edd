import { Redis } from 'ioredis'
import pino from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BusMessage } from '../../../src/relay/bus.js'
import { RedisBus } from '../../../src/relay/redis/RedisBus.js'
import { freePort } from '../../helpers/childProcess.js'
import { eventually } from '../../helpers/eventually.js'
import { type RedisServer, startRedis } from '../../helpers/redisServer.js'

const log = pino({ level: 'silent' })

/** A bus and everything it received, in order. */
interface Listening {
  bus: RedisBus
  received: { message: BusMessage; from: string }[]
  reconnects: number
}

async function listening(url: string): Promise<Listening> {
  const bus = await RedisBus.open(url, log)
  const listener: Listening = { bus, received: [], reconnects: 0 }
  bus.subscribe((message, from) => listener.received.push({ message, from }))
  bus.onReconnect(() => (listener.reconnects += 1))
  return listener
}

function update(room: string, n: number): BusMessage {
  return { type: 'update', room, update: Uint8Array.of(n >> 8, n & 0xff), n }
}

/** The updates of `room` a listener received. */
function updatesOf(listener: Listening, room: string): BusMessage[] {
  return listener.received.filter(({ message }) => message.type === 'update' && message.room === room).map(({ message }) => message)
}

/**
 * Publishes a marker from `from` and waits until `to` has it: Redis delivers one channel's messages
 * in the order it took them, so anything `to` was going to receive before it has been received.
 */
async function barrier(from: Listening, to: Listening, name: string): Promise<void> {
  from.bus.publish(update(`barrier ${name}`, 0))
  await eventually(() => updatesOf(to, `barrier ${name}`).length > 0, `the barrier ${name} arrives`)
}

/** An instance that dies without closing: its heartbeat stops and its connections drop, nothing cleaned up. */
function kill(bus: RedisBus): void {
  clearInterval(bus['heartbeat'])
  bus.redis.disconnect()
  bus['subscriber'].disconnect()
}

describe('RedisBus', () => {
  let redis: RedisServer
  let a: Listening
  let b: Listening
  let c: Listening

  beforeEach(async () => {
    redis = await startRedis()
    ;[a, b, c] = await Promise.all([listening(redis.url), listening(redis.url), listening(redis.url)])
  })

  afterEach(async () => {
    await Promise.all([a.bus.close(), b.bus.close(), c.bus.close()])
    await redis.stop()
  })

  it('delivers what one instance publishes once to each other instance, in order, and not to itself', async () => {
    for (let n = 0; n < 200; n += 1) a.bus.publish(update('room', n))
    const sent = Array.from({ length: 200 }, (_, n) => update('room', n))
    await eventually(() => updatesOf(b, 'room').length >= 200 && updatesOf(c, 'room').length >= 200, 'the 200 updates arrive')
    await barrier(b, a, 'after updates')
    await barrier(b, c, 'after updates')
    expect(updatesOf(b, 'room')).toEqual(sent)
    expect(updatesOf(c, 'room')).toEqual(sent)
    expect(updatesOf(a, 'room')).toEqual([])
    expect(
      new Set([...b.received, ...c.received].filter(({ message }) => message.type === 'update' && message.room === 'room').map(({ from }) => from)),
    ).toEqual(new Set([a.bus.instance]))
  })

  it('carries every kind of message as it was published', async () => {
    const messages: BusMessage[] = [
      { type: 'awareness', room: 'net/doc', update: Uint8Array.of(1, 2, 3) },
      {
        type: 'changed',
        changes: [
          { room: 'net/doc', seq: 7 },
          { room: 'net/other', seq: 300_000 },
        ],
      },
      { type: 'members', network: 'net' },
      { type: 'syncAsk', room: 'net/doc', stateVector: Uint8Array.of(0), mutual: true },
      { type: 'update', room: 'net/doc', update: new Uint8Array(100_000).fill(9), n: 300_000 },
      { type: 'stored', upTo: 299_999 },
    ]
    for (const message of messages) a.bus.publish(message)
    await eventually(() => b.received.length >= messages.length, 'the messages arrive')
    expect(b.received).toEqual(messages.map((message) => ({ message, from: a.bus.instance })))
  })

  it('delivers a sync reply to the instance it names alone', async () => {
    const reply: BusMessage = { type: 'syncReply', room: 'net/doc', update: Uint8Array.of(4, 5), to: b.bus.instance }
    a.bus.publish(reply)
    await eventually(() => b.received.length > 0, 'B gets the reply')
    await barrier(a, c, 'after reply')
    expect(b.received.filter(({ message }) => message.type === 'syncReply')).toEqual([{ message: reply, from: a.bus.instance }])
    expect(a.received.filter(({ message }) => message.type === 'syncReply')).toEqual([])
    expect(c.received.filter(({ message }) => message.type === 'syncReply')).toEqual([])
  })

  it("shares who is online in a network between instances, and forgets a closed instance's", async () => {
    const ana = { name: 'Ana' }
    const bo = { name: 'Bo', city: 'Lyon' }
    expect(await a.bus.members('net', [ana])).toEqual([ana])
    expect(await b.bus.members('net', [bo])).toEqual([bo, ana])
    expect(await a.bus.members('net', [ana])).toEqual([ana, bo])
    expect(await c.bus.members('other', [])).toEqual([])
    await b.bus.close()
    expect(await a.bus.members('net', [ana])).toEqual([ana])
    expect(await c.bus.members('net', [])).toEqual([ana])
  })

  it('forgets the members of an instance that dies without closing once its heartbeat expires', async () => {
    const ana = { name: 'Ana' }
    await c.bus.members('net', [ana])
    expect(await a.bus.members('net', [])).toEqual([ana])
    kill(c.bus)
    const probe = new Redis(redis.url)
    try {
      await eventually(async () => (await probe.exists(`casebook:instance:${c.bus.instance}`)) === 0, "C's heartbeat expires", 15_000)
      expect(await a.bus.members('net', [])).toEqual([])
      expect(await b.bus.members('net', [])).toEqual([])
      // Swept from the hash by the first instance to read it.
      await eventually(async () => (await probe.hexists('casebook:members:net', c.bus.instance)) === 0, "C's field is removed")
    } finally {
      probe.disconnect()
    }
  })

  it('says when Redis is down, drops what is published meanwhile, and comes back', async () => {
    const ana = { name: 'Ana' }
    await redis.stop()
    await eventually(() => !a.bus.connected && !b.bus.connected, 'the buses see Redis go')
    expect(() => a.bus.publish(update('while down', 1))).not.toThrow()
    expect(await a.bus.members('net', [ana])).toEqual([ana])
    await redis.restart()
    await eventually(() => a.bus.connected && b.bus.connected, 'the buses see Redis come back')
    expect([a.reconnects, b.reconnects]).toEqual([1, 1])
    a.bus.publish(update('after', 1))
    await eventually(() => updatesOf(b, 'after').length === 1, 'an update published after arrives')
    expect(updatesOf(b, 'while down')).toEqual([])
  })

  it('reconnects after Redis restarts at once, and writes its members again', async () => {
    const ana = { name: 'Ana' }
    await a.bus.members('net', [ana])
    await redis.restart()
    await eventually(() => a.reconnects === 1 && b.reconnects === 1 && a.bus.connected && b.bus.connected, 'the buses reconnect')
    await eventually(async () => (await b.bus.members('net', [])).length === 1, "A's members are back in Redis")
    a.bus.publish(update('after', 1))
    await eventually(() => updatesOf(b, 'after').length === 1, 'an update published after arrives')
  })
})

describe('RedisBus.open', () => {
  it('says plainly that Redis could not be reached, without the password', async () => {
    const port = await freePort()
    const opening = RedisBus.open(`redis://:hunter2@127.0.0.1:${port}`, log)
    await expect(opening).rejects.toMatchObject({ code: 'STORAGE_FAILED' })
    await expect(opening).rejects.toThrow(`Could not reach Redis at redis://:***@127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`)
  })
})
