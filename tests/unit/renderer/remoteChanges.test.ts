import '../../helpers/animationFrames.js'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { RemoteChanges } from '../../../src/renderer/shared/RemoteChanges.js'
import { MalformedFrame } from '../../../src/shared/protocol/malformedFrame.js'

/** What the changes are applied with, as the app passes its DocumentPeer and the guest page its provider. */
const ORIGIN = Symbol('relay')
/** One animation frame of the helper's (a 16 ms timer), under fake timers. */
const FRAME_MS = 16

interface Change {
  added: number[]
  updated: number[]
  removed: number[]
}

/** Everything a test makes, so that afterEach lets it all go (an Awareness keeps an interval running). */
const made: { docs: Y.Doc[]; awarenesses: awarenessProtocol.Awareness[]; remotes: RemoteChanges[] } = { docs: [], awarenesses: [], remotes: [] }

function awarenessOf(doc = new Y.Doc()): awarenessProtocol.Awareness {
  made.docs.push(doc)
  const awareness = new awarenessProtocol.Awareness(doc)
  made.awarenesses.push(awareness)
  return awareness
}

/** A doc with a RemoteChanges, and what it saw: its transactions with ORIGIN, its awareness's 'change' events, and the failures. */
function receiver() {
  const awareness = awarenessOf()
  const doc = awareness.doc
  const transactions: string[] = []
  const changes: { change: Change; origin: unknown }[] = []
  const failures: unknown[] = []
  doc.on('afterTransaction', (transaction) => {
    // The text as each transaction with the origin left it, so that a test sees how the changes were grouped.
    if (transaction.origin === ORIGIN) transactions.push(doc.getText('t').toString())
  })
  awareness.on('change', (change: Change, origin: unknown) => changes.push({ change, origin }))
  const remote = new RemoteChanges(doc, awareness, ORIGIN, (error) => failures.push(error))
  made.remotes.push(remote)
  return { doc, awareness, remote, transactions, changes, failures, text: () => doc.getText('t').toString() }
}

/** The updates of someone typing `text`, a character a transaction. */
function keystrokes(text: string): Uint8Array[] {
  const doc = new Y.Doc()
  made.docs.push(doc)
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  for (const [index, character] of [...text].entries()) doc.getText('t').insert(index, character)
  return updates
}

/** Someone else's presence, whose changes a test encodes as awareness updates. */
function sender() {
  const awareness = awarenessOf()
  return {
    id: awareness.clientID,
    awareness,
    /** The awareness update of this state, at the next clock. */
    set(state: Record<string, unknown> | null): Uint8Array {
      awareness.setLocalState(state)
      return awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID])
    },
  }
}

beforeEach(() => {
  // The helper's frames are setTimeout calls made when a frame is asked for, so they are faked too.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
})

afterEach(() => {
  for (const remote of made.remotes.splice(0)) remote.stop()
  for (const awareness of made.awarenesses.splice(0)) awareness.destroy()
  for (const doc of made.docs.splice(0)) doc.destroy()
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe('RemoteChanges, updates', () => {
  it('applies a lone update at once, with its origin, and again after a frame in which nothing came', () => {
    const { remote, transactions, text } = receiver()
    const [first, second] = keystrokes('ab')
    remote.addUpdate(first!)
    expect(text()).toBe('a')
    expect(transactions).toEqual(['a'])

    vi.advanceTimersByTime(FRAME_MS)
    remote.addUpdate(second!)
    expect(text()).toBe('ab')
    expect(transactions).toEqual(['a', 'ab'])
  })

  it('applies the updates that arrive before the next frame in one transaction in it, merged into the text they all make', () => {
    const { doc, remote, transactions, text } = receiver()
    const updates = keystrokes('Lagos BRT')
    const heard: unknown[] = []
    doc.on('update', (_update: Uint8Array, origin: unknown) => heard.push(origin))
    for (const update of updates) remote.addUpdate(update)
    // The first at once; the rest wait for the frame.
    expect(text()).toBe('L')

    vi.advanceTimersByTime(FRAME_MS - 1)
    expect(text()).toBe('L')
    vi.advanceTimersByTime(1)
    expect(text()).toBe('Lagos BRT')
    expect(transactions).toEqual(['L', 'Lagos BRT'])
    expect(heard).toEqual([ORIGIN, ORIGIN])
  })

  it('applies what waits after 100 ms when no frame comes, as in a hidden window', () => {
    vi.stubGlobal('requestAnimationFrame', () => 0)
    vi.stubGlobal('cancelAnimationFrame', () => {})
    const { remote, transactions, text } = receiver()
    for (const update of keystrokes('hidden')) remote.addUpdate(update)
    vi.advanceTimersByTime(99)
    expect(text()).toBe('h')
    vi.advanceTimersByTime(1)
    expect(transactions).toEqual(['h', 'hidden'])
  })

  it('passes an update that cannot be applied to onFailure, with the rest of its frame, and applies what comes after', () => {
    const { remote, failures, text } = receiver()
    const [first, second, third] = keystrokes('abc')
    const cut = second!.slice(0, second!.length - 3)

    remote.addUpdate(cut)
    expect(failures).toHaveLength(1)
    expect(failures[0]).toBeInstanceOf(Error)
    expect(text()).toBe('')

    remote.addUpdate(first!)
    remote.addUpdate(cut)
    vi.advanceTimersByTime(FRAME_MS)
    expect(failures).toHaveLength(2)
    expect(failures[1]).toBeInstanceOf(Error)
    expect(text()).toBe('')

    vi.advanceTimersByTime(FRAME_MS)
    remote.addUpdate(Y.mergeUpdates([first!, second!, third!]))
    expect(text()).toBe('abc')
    expect(failures).toHaveLength(2)
  })

  it('applies nothing after stop(): neither what waits for the frame nor what comes later', () => {
    const { remote, awareness, transactions, changes, text } = receiver()
    const ana = sender()
    const [first, ...rest] = keystrokes('stop here')
    remote.addUpdate(first!)
    for (const update of rest) remote.addUpdate(update)
    remote.addPresence(ana.set({ user: 'Ana' }))
    remote.stop()
    vi.advanceTimersByTime(1_000)
    remote.addUpdate(Y.mergeUpdates(rest))
    remote.addPresence(ana.set({ user: 'Ana again' }))
    vi.advanceTimersByTime(1_000)

    expect(text()).toBe('s')
    expect(transactions).toEqual(['s'])
    expect(changes).toEqual([])
    expect(awareness.getStates().has(ana.id)).toBe(false)
  })

  it('applies nothing after stop() at rest, when no frame waits', () => {
    const { remote, awareness, transactions, changes } = receiver()
    const ana = sender()
    remote.stop()
    remote.addUpdate(keystrokes('late')[0]!)
    remote.addPresence(ana.set({ user: 'Ana' }))
    vi.advanceTimersByTime(1_000)
    expect(transactions).toEqual([])
    expect(changes).toEqual([])
    expect(awareness.getStates().has(ana.id)).toBe(false)
  })
})

describe('RemoteChanges, presence', () => {
  it("applies a frame's awareness updates of two clients as one change holding each client's latest state", () => {
    const { remote, awareness, changes, text } = receiver()
    const [ana, bo] = [sender(), sender()]
    // A keystroke opens the frame, so that all the presence below waits for it.
    remote.addUpdate(keystrokes('x')[0]!)
    remote.addPresence(ana.set({ user: 'Ana', cursor: 1 }))
    remote.addPresence(bo.set({ user: 'Bo', cursor: 1 }))
    remote.addPresence(ana.set({ user: 'Ana', cursor: 2 }))
    remote.addPresence(bo.set({ user: 'Bo', cursor: 5 }))
    remote.addPresence(ana.set({ user: 'Ana', cursor: 3 }))
    expect(changes).toEqual([])

    vi.advanceTimersByTime(FRAME_MS)
    expect(text()).toBe('x')
    expect(changes).toEqual([{ change: { added: [ana.id, bo.id], updated: [], removed: [] }, origin: ORIGIN }])
    expect(awareness.getStates().get(ana.id)).toEqual({ user: 'Ana', cursor: 3 })
    expect(awareness.getStates().get(bo.id)).toEqual({ user: 'Bo', cursor: 5 })
    expect(awareness.meta.get(ana.id)?.clock).toBe(ana.awareness.meta.get(ana.id)?.clock)
  })

  it("applies a frame's presence after its text, so that a caret is drawn in the text that came with it", () => {
    const { doc, remote, awareness } = receiver()
    const ana = sender()
    const [first, ...rest] = keystrokes('caret')
    const textAtChange: string[] = []
    awareness.on('change', () => textAtChange.push(doc.getText('t').toString()))
    remote.addUpdate(first!)
    remote.addPresence(ana.set({ cursor: 5 }))
    for (const update of rest) remote.addUpdate(update)
    vi.advanceTimersByTime(FRAME_MS)
    expect(textAtChange).toEqual(['caret'])
  })

  it('lets a withdrawal at a higher clock that follows a state in the same frame win', () => {
    const { remote, awareness, changes } = receiver()
    const ana = sender()
    remote.addPresence(ana.set({ user: 'Ana', cursor: 1 }))
    expect(awareness.getStates().get(ana.id)).toEqual({ user: 'Ana', cursor: 1 })

    remote.addPresence(ana.set({ user: 'Ana', cursor: 2 }))
    remote.addPresence(ana.set(null))
    vi.advanceTimersByTime(FRAME_MS)
    expect(awareness.getStates().has(ana.id)).toBe(false)
    expect(changes.map(({ change }) => change)).toEqual([
      { added: [ana.id], updated: [], removed: [] },
      { added: [], updated: [], removed: [ana.id] },
    ])
  })

  it("lets a withdrawal at the state's own clock that follows it in the same frame win, as a stock client's timeout sends it", () => {
    const { remote, awareness } = receiver()
    const ana = sender()
    const stateUpdate = ana.set({ user: 'Ana' })
    // Someone else's client held Ana's state and, not hearing from her, withdrew it at the same clock.
    const other = awarenessOf()
    awarenessProtocol.applyAwarenessUpdate(other, stateUpdate, 'relay')
    awarenessProtocol.removeAwarenessStates(other, [ana.id], 'timeout')
    const withdrawal = awarenessProtocol.encodeAwarenessUpdate(other, [ana.id])

    remote.addUpdate(keystrokes('x')[0]!)
    remote.addPresence(stateUpdate)
    remote.addPresence(withdrawal)
    vi.advanceTimersByTime(FRAME_MS)
    expect(awareness.getStates().has(ana.id)).toBe(false)
    expect(awareness.meta.get(ana.id)?.clock).toBe(ana.awareness.meta.get(ana.id)?.clock)
  })

  it('keeps a newer state when an older clock arrives after it in the same frame', () => {
    const { remote, awareness, changes } = receiver()
    const ana = sender()
    const older = ana.set({ user: 'Ana', cursor: 1 })
    const newer = ana.set({ user: 'Ana', cursor: 2 })
    remote.addUpdate(keystrokes('x')[0]!)
    remote.addPresence(newer)
    remote.addPresence(older)
    vi.advanceTimersByTime(FRAME_MS)
    expect(awareness.getStates().get(ana.id)).toEqual({ user: 'Ana', cursor: 2 })
    expect(changes.map(({ change }) => change)).toEqual([{ added: [ana.id], updated: [], removed: [] }])
  })

  it('refuses a malformed awareness update with MalformedFrame and keeps nothing of it, while what waited is applied', () => {
    const { remote, awareness, changes } = receiver()
    const [ana, bo] = [sender(), sender()]
    const whole = ana.set({ user: 'Ana' })
    // It says two entries, and holds Ana's whole and then nothing.
    const cutShort = Uint8Array.of(2, ...whole.subarray(1))
    const trailing = Uint8Array.of(...whole, 0)
    expect(whole[0]).toBe(1)

    expect(() => remote.addPresence(cutShort)).toThrow(MalformedFrame)
    expect(changes).toEqual([])

    // Bo's first state opens a frame; his next waits for it, beside the malformed updates.
    remote.addPresence(bo.set({ user: 'Bo', cursor: 1 }))
    remote.addPresence(bo.set({ user: 'Bo', cursor: 2 }))
    expect(() => remote.addPresence(cutShort)).toThrow(MalformedFrame)
    expect(() => remote.addPresence(trailing)).toThrow(MalformedFrame)
    vi.advanceTimersByTime(FRAME_MS)
    expect(awareness.getStates().has(ana.id)).toBe(false)
    expect(awareness.getStates().get(bo.id)).toEqual({ user: 'Bo', cursor: 2 })
    expect(changes.map(({ change }) => change)).toEqual([
      { added: [bo.id], updated: [], removed: [] },
      { added: [], updated: [bo.id], removed: [] },
    ])
  })
})
