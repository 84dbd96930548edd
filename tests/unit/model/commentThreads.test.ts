import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { CommentEvent } from '../../../src/shared/protocol/commentEvents.js'
import { addEvent, foldThreads, openCount, readEvents } from '../../../src/shared/model/commentThreads.js'

const anchor = { start: 'AQID', end: 'BAUG' }
const ada = { by: 'Ada Obi', city: 'Lagos', role: 'member' } as const
const ben = { by: 'Ben Ruiz', city: 'Quito', role: 'member' } as const
const fay = { by: 'Fay Lim', role: 'facilitator' } as const
let next = 0
const id = () => (next++).toString(16).padStart(16, '0')

function comment(who: typeof ada | typeof ben | typeof fay, body: string, at: number): CommentEvent {
  const key = id()
  return { id: key, ...who, kind: 'comment', thread: key, anchor, quote: 'feeder lanes', body, at }
}
function act(who: typeof ada | typeof ben | typeof fay, kind: CommentEvent['kind'], thread: string, at: number, body?: string): CommentEvent {
  return { id: id(), ...who, kind, thread, at, ...(body ? { body } : {}) }
}

describe('comment threads', () => {
  it('fold replies in order and resolve or reopen only for the author or a facilitator', () => {
    const first = comment(ada, 'What did they cost?', 10)
    const second = comment(ben, 'Who paid?', 20)
    const events = [
      act(ben, 'reply', first.id, 30, 'Four million.'),
      act(ben, 'resolve', first.id, 40),
      act(ada, 'reply', first.id, 35, 'Thanks.'),
      second,
      first,
      act(ada, 'resolve', second.id, 50),
      act(fay, 'resolve', second.id, 60),
    ]
    const threads = foldThreads(events)
    expect(threads.map((thread) => [thread.body, thread.resolved, thread.replies.map((reply) => reply.body)])).toEqual([
      ['What did they cost?', false, ['Four million.', 'Thanks.']],
      ['Who paid?', true, []],
    ])
    expect(openCount(threads)).toBe(1)
    expect(openCount(foldThreads([...events, act(ada, 'resolve', first.id, 70), act(fay, 'reopen', second.id, 80)]))).toBe(1)
    expect(openCount(foldThreads([...events, act(ada, 'resolve', first.id, 70)]))).toBe(0)
  })

  it('find its thread for a reply written on a clock behind the comment', () => {
    const first = comment(ada, 'Cost?', 1000)
    expect(foldThreads([act(ben, 'reply', first.id, 10, 'Early'), first])[0]!.replies.map((reply) => reply.body)).toEqual(['Early'])
  })

  it('leave out deleted threads, and take a new anchor from the author only', () => {
    const first = comment(ada, 'Cost?', 1)
    const second = comment(ben, 'Paid?', 2)
    const moved = { ...act(ada, 'reanchor', first.id, 3), anchor: { start: 'CQoL', end: 'DA0O' }, quote: 'bus lanes' }
    const hijack = { ...act(ben, 'reanchor', first.id, 4), anchor: { start: 'AAAA', end: 'AAAA' }, quote: 'nothing' }
    const threads = foldThreads([first, second, moved, hijack, act(ada, 'delete', second.id, 5), act(fay, 'delete', second.id, 6)])
    expect(threads).toHaveLength(1)
    expect(threads[0]).toMatchObject({ id: first.id, quote: 'bus lanes', anchor: { start: 'CQoL', end: 'DA0O' } })
  })

  it('read back from a room, passing over values that are not events', () => {
    const doc = new Y.Doc()
    const first = comment(ada, 'Cost?', 1)
    addEvent(doc, first)
    doc.getMap('events').set('0000000000000fff', { id: '0000000000000fff', by: 'x' })
    doc.getMap('events').set('notthekey0000000', { ...first })
    expect(readEvents(doc)).toEqual([first])
  })
})
