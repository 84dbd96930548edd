import * as decoding from 'lib0/decoding'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { GATHER_ABOVE_PER_HALF_SECOND, GATHER_MS, RoomBroadcast } from '../../../src/relay/RoomBroadcast.js'
import { type AwarenessEntry, readAwarenessEntries, readAwarenessFrame } from '../../../src/shared/protocol/awarenessFrames.js'
import { MESSAGE } from '../../../src/shared/protocol/messages.js'
import { readSyncFrame } from '../../../src/shared/protocol/syncFrames.js'

/** A message as the room's connections would read it, with the connection it was kept from. */
type Sent = { update: Uint8Array; except: unknown } | { presence: AwarenessEntry[]; except: unknown }

function read(message: Uint8Array, except: unknown): Sent {
  const decoder = decoding.createDecoder(message)
  const type = decoding.readVarUint(decoder)
  if (type === MESSAGE.awareness) return { presence: [...readAwarenessEntries(readAwarenessFrame(decoder))], except }
  expect(type).toBe(MESSAGE.sync)
  const frame = readSyncFrame(decoder)
  // A broadcast change is an update message: a stock client counts a step 2 as the end of its handshake.
  if (frame.step !== 'update') throw new Error(`a broadcast sent a sync ${frame.step}`)
  return { update: frame.update, except }
}

/** The text of `t` in a fresh document that applied `update`. */
function textOf(update: Uint8Array): string {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  return doc.getText('t').toString()
}

/**
 * A writer typing `text` into `t` one character at a time, as the room would apply it: each
 * keystroke's update, in order. A writer that has already typed continues at the end of its text.
 */
function keystrokes(writer: Y.Doc, text: string): Uint8Array[] {
  const updates: Uint8Array[] = []
  const record = (update: Uint8Array) => updates.push(update)
  writer.on('update', record)
  for (const character of text) writer.getText('t').insert(writer.getText('t').length, character)
  writer.off('update', record)
  return updates
}

const entry = (client: number, clock: number, state: unknown): AwarenessEntry => ({ client, clock, json: JSON.stringify(state) })

describe('RoomBroadcast', () => {
  let sent: Sent[]
  let broadcast: RoomBroadcast
  // Connections as the room would pass them: only their identity matters here.
  const ana = { name: 'Ana' }
  const bo = { name: 'Bo' }

  beforeEach(() => {
    vi.useFakeTimers()
    sent = []
    broadcast = new RoomBroadcast((message, except) => sent.push(read(message, except)))
  })
  afterEach(() => {
    broadcast.stop()
    vi.useRealTimers()
  })

  /**
   * Makes the room busy, as a room that got more than GATHER_ABOVE_PER_HALF_SECOND updates (of
   * another text, `w`) in this half-second of the real clock (fake timers leave performance.now()
   * alone): those up to it each sent at once, the one past it at once too (the first of a window), then
   * a quiet window; all forgotten. The room counts the half-second before as well, so it stays busy
   * through the test.
   */
  function makeBusy(): void {
    const warmUp = new Y.Doc()
    for (let n = 0; n <= GATHER_ABOVE_PER_HALF_SECOND; n += 1) {
      warmUp.once('update', (update: Uint8Array) => broadcast.addUpdate(update, bo))
      warmUp.getText('w').insert(0, 'w')
    }
    expect(sent).toHaveLength(GATHER_ABOVE_PER_HALF_SECOND + 1)
    expect(vi.getTimerCount()).toBe(1)
    vi.advanceTimersByTime(GATHER_MS)
    expect(vi.getTimerCount()).toBe(0)
    sent.length = 0
  }

  it('sends a lone update at once, kept from the connection it came from', () => {
    const [update] = keystrokes(new Y.Doc(), 'L')
    broadcast.addUpdate(update!, ana)
    expect(sent).toEqual([{ update: update!, except: ana }])
  })

  it('sends each update at once, gathering nothing, while no more than GATHER_ABOVE_PER_HALF_SECOND come in half a second', () => {
    const updates = keystrokes(new Y.Doc(), 'x'.repeat(GATHER_ABOVE_PER_HALF_SECOND))
    for (const update of updates) broadcast.addUpdate(update, ana)
    expect(sent).toEqual(updates.map((update) => ({ update, except: ana })))
    expect(vi.getTimerCount()).toBe(0)
  })

  it("sends one connection's updates within the window once, merged, at its end, kept from that connection", () => {
    makeBusy()
    const writer = new Y.Doc()
    const [first, ...rest] = keystrokes(writer, 'Lagos BRT')
    broadcast.addUpdate(first!, ana)
    vi.advanceTimersByTime(GATHER_MS / 2)
    for (const update of rest) broadcast.addUpdate(update, ana)
    expect(sent).toHaveLength(1)
    vi.advanceTimersByTime(GATHER_MS / 2 - 1)
    expect(sent).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(sent).toHaveLength(2)
    const merged = sent[1]!
    expect(merged.except).toBe(ana)
    // Applied after the first, as a reader would: the writer's text exactly, nothing lost, nothing twice.
    const reader = new Y.Doc()
    for (const message of sent) if ('update' in message) Y.applyUpdate(reader, message.update)
    expect(reader.getText('t').toString()).toBe('Lagos BRT')
    expect(reader.store.pendingStructs).toBe(null)
    vi.advanceTimersByTime(10 * GATHER_MS)
    expect(sent).toHaveLength(2)
  })

  it("sends the gathered updates of two connections to everyone, as one update holding both's text", () => {
    makeBusy()
    // Two writers typing at once: the reader must end as a document that applied both writers' own.
    const [anaDoc, boDoc] = [new Y.Doc(), new Y.Doc()]
    const anas = keystrokes(anaDoc, 'Recife')
    const bos = keystrokes(boDoc, 'Quito')
    broadcast.addUpdate(anas[0]!, ana)
    for (let n = 1; n < Math.max(anas.length, bos.length); n += 1) {
      if (anas[n]) broadcast.addUpdate(anas[n]!, ana)
      if (bos[n - 1]) broadcast.addUpdate(bos[n - 1]!, bo)
    }
    vi.advanceTimersByTime(GATHER_MS)
    expect(sent.map(({ except }) => except)).toEqual([ana, null])
    const reader = new Y.Doc()
    for (const message of sent) if ('update' in message) Y.applyUpdate(reader, message.update)
    const expected = new Y.Doc()
    Y.applyUpdate(expected, Y.encodeStateAsUpdate(anaDoc))
    Y.applyUpdate(expected, Y.encodeStateAsUpdate(boDoc))
    expect(reader.getText('t').toString()).toBe(expected.getText('t').toString())
    expect(reader.getText('t').length).toBe('RecifeQuito'.length)
    expect(Y.encodeStateVector(reader)).toEqual(Y.encodeStateVector(expected))
  })

  it('keeps the same connection as `except` only while every gathered update is its own', () => {
    makeBusy()
    const writer = new Y.Doc()
    const [lone, a, b] = keystrokes(writer, 'abc')
    broadcast.addUpdate(lone!, ana)
    broadcast.addUpdate(a!, bo)
    broadcast.addUpdate(b!, bo)
    vi.advanceTimersByTime(GATHER_MS)
    // Bo's alone: Ana, whose first update went out at once, gets Bo's.
    expect(sent.map(({ except }) => except)).toEqual([ana, bo])
    expect(textOf(Y.mergeUpdates(sent.flatMap((message) => ('update' in message ? [message.update] : []))))).toBe('abc')
  })

  it("sends of a client's presence within the window only its latest entry, in one frame to everyone", () => {
    broadcast.addPresence([entry(7, 1, { cursor: 0 })])
    expect(sent).toEqual([{ presence: [entry(7, 1, { cursor: 0 })], except: null }])
    for (let cursor = 1; cursor <= 20; cursor += 1) broadcast.addPresence([entry(7, 1 + cursor, { cursor }), entry(8, cursor, { cursor: -cursor })])
    // An older clock arriving late (an echo) does not replace the latest.
    broadcast.addPresence([entry(7, 5, { cursor: 4 })])
    vi.advanceTimersByTime(GATHER_MS)
    expect(sent).toHaveLength(2)
    expect(sent[1]).toEqual({ presence: [entry(7, 21, { cursor: 20 }), entry(8, 20, { cursor: -20 })], except: null })
  })

  it('keeps, of two entries of one clock, the later: a withdrawal at the clock of the state it withdraws', () => {
    broadcast.addPresence([entry(7, 1, { cursor: 0 })])
    broadcast.addPresence([entry(7, 2, { cursor: 1 })])
    // As room.leave() removes a connection's states: the same clock, the state null.
    broadcast.addPresence([entry(7, 2, null)])
    vi.advanceTimersByTime(GATHER_MS)
    expect(sent.map((message) => ('presence' in message ? message.presence : null))).toEqual([[entry(7, 1, { cursor: 0 })], [entry(7, 2, null)]])
  })

  it('sends updates and presence gathered together updates first, each as one message', () => {
    makeBusy()
    const writer = new Y.Doc()
    const [lone, ...rest] = keystrokes(writer, 'Bogotá')
    broadcast.addUpdate(lone!, ana)
    broadcast.addPresence([entry(writer.clientID, 1, { cursor: 1 })])
    for (const [n, update] of rest.entries()) {
      broadcast.addUpdate(update, ana)
      broadcast.addPresence([entry(writer.clientID, 2 + n, { cursor: 2 + n })])
    }
    vi.advanceTimersByTime(GATHER_MS)
    expect(sent.map((message) => ('update' in message ? 'update' : 'presence'))).toEqual(['update', 'update', 'presence'])
    expect(sent[1]!.except).toBe(ana)
    expect(sent[2]).toEqual({ presence: [entry(writer.clientID, 6, { cursor: 6 })], except: null })
  })

  it('sends the next change at once again after a window that gathered nothing', () => {
    makeBusy()
    const writer = new Y.Doc()
    const [first, second, third, fourth] = keystrokes(writer, 'BRT!')
    broadcast.addUpdate(first!, ana)
    broadcast.addUpdate(second!, ana)
    vi.advanceTimersByTime(GATHER_MS)
    expect(sent).toHaveLength(2)
    // The window after a send: what comes in it waits for its end.
    broadcast.addUpdate(third!, ana)
    expect(sent).toHaveLength(2)
    vi.advanceTimersByTime(GATHER_MS)
    expect(sent).toHaveLength(3)
    // A quiet window ends the waiting: the next change is lone again, and goes at once, presence too.
    vi.advanceTimersByTime(GATHER_MS)
    broadcast.addUpdate(fourth!, ana)
    expect(sent).toHaveLength(4)
    expect(sent[3]).toEqual({ update: fourth!, except: ana })
    vi.advanceTimersByTime(GATHER_MS)
    broadcast.addPresence([entry(7, 1, { cursor: 4 })])
    expect(sent[4]).toEqual({ presence: [entry(7, 1, { cursor: 4 })], except: null })
    expect(textOf(Y.mergeUpdates(sent.flatMap((message) => ('update' in message ? [message.update] : []))))).toBe('BRT!')
  })

  it('drops what it gathered when stopped, and sends nothing after', () => {
    makeBusy()
    const writer = new Y.Doc()
    const [lone, ...rest] = keystrokes(writer, 'Lima')
    broadcast.addUpdate(lone!, ana)
    for (const update of rest) broadcast.addUpdate(update, bo)
    broadcast.addPresence([entry(7, 1, { cursor: 3 })])
    broadcast.stop()
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(10 * GATHER_MS)
    expect(sent).toEqual([{ update: lone!, except: ana }])
  })

  it('applies to a reader exactly what the writer typed, whatever the windows', () => {
    makeBusy()
    const writer = new Y.Doc()
    const text = 'Sistema Integrado de Transporte, Recife'
    const updates = keystrokes(writer, text)
    // Keystrokes 20 ms apart: some alone, most gathered, windows ending between them.
    for (const update of updates) {
      broadcast.addUpdate(update, ana)
      vi.advanceTimersByTime(20)
    }
    vi.advanceTimersByTime(GATHER_MS)
    expect(sent.length).toBeLessThan(updates.length)
    const reader = new Y.Doc()
    for (const message of sent) if ('update' in message) Y.applyUpdate(reader, message.update)
    expect(reader.getText('t').toString()).toBe(text)
    expect(reader.store.pendingStructs).toBe(null)
  })
})

describe('RoomBroadcast, as a busy room goes quiet', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('keeps an update that comes once the room is quiet behind the updates it is still gathering', () => {
    // The room's clock (performance.now()) faked too, to cross its half-seconds at will.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    const sent: Sent[] = []
    const broadcast = new RoomBroadcast((message, except) => sent.push(read(message, except)))
    const at = (ms: number) => vi.advanceTimersByTime(ms - performance.now())
    at(Math.ceil(performance.now() / 500) * 500 + 1000)
    const start = performance.now()
    const writer = new Y.Doc()
    // A busy half-second: more updates than the room sends apart.
    for (const update of keystrokes(writer, 'x'.repeat(GATHER_ABOVE_PER_HALF_SECOND + 1))) broadcast.addUpdate(update, 'ana')
    const [a, b, c] = keystrokes(writer, 'abc')
    // The next half-second counts the busy one before it: still busy, so a goes at once (the first of
    // a window) and b is gathered.
    at(start + 960)
    broadcast.addUpdate(a!, 'ana')
    at(start + 970)
    broadcast.addUpdate(b!, 'ana')
    const before = sent.length
    // The half-second after counts two updates before it: quiet. Yet b still waits, and c behind it.
    at(start + 1005)
    broadcast.addUpdate(c!, 'ana')
    expect(sent).toHaveLength(before)
    at(start + 960 + GATHER_MS)
    expect(sent).toHaveLength(before + 1)
    expect(textOf(Y.mergeUpdates(sent.flatMap((message) => ('update' in message ? [message.update] : []))))).toBe(
      `${'x'.repeat(GATHER_ABOVE_PER_HALF_SECOND + 1)}abc`,
    )
    broadcast.stop()
  })
})
