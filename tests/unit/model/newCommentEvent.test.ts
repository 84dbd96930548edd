import { describe, expect, it } from 'vitest'
import { foldThreads } from '../../../src/shared/model/commentThreads.js'
import { checkThreadRule, EVENT_ID_BYTES, newCommentEvent } from '../../../src/shared/model/newCommentEvent.js'
import type { CommentEvent } from '../../../src/shared/protocol/commentEvents.js'

const anchor = { start: 'AQID', end: 'BAUG' }
const ada = { name: 'Ada Obi', city: 'Lagos', role: 'member' } as const
const ben = { name: 'Ben Ruiz', role: 'member' } as const
const fay = { name: 'Fay Lim', role: 'facilitator' } as const
const bytes = (first: number) => Uint8Array.from({ length: EVENT_ID_BYTES }, (_, index) => first + index)

describe('a new comment event', () => {
  it('takes its id from the random bytes, its thread from itself for a comment, and its writer and time as given', () => {
    const comment = newCommentEvent({ kind: 'comment', anchor, quote: 'feeder lanes', body: 'What did they cost?' }, ada, bytes(0xf0), 1_000)
    expect(comment).toEqual({
      id: 'f0f1f2f3f4f5f6f7',
      thread: 'f0f1f2f3f4f5f6f7',
      by: 'Ada Obi',
      city: 'Lagos',
      role: 'member',
      kind: 'comment',
      anchor,
      quote: 'feeder lanes',
      body: 'What did they cost?',
      at: 1_000,
    })
    const reply = newCommentEvent({ kind: 'reply', thread: comment.id, body: 'Four million.' }, ben, bytes(0x0a), 2_000)
    expect(reply).toEqual({ id: '0a0b0c0d0e0f1011', thread: comment.id, by: 'Ben Ruiz', role: 'member', kind: 'reply', body: 'Four million.', at: 2_000 })
  })

  it('is refused as not understood when its kind lacks what it carries', () => {
    for (const input of [
      { kind: 'comment', body: 'No anchor' },
      { kind: 'reply', body: 'No thread' },
      { kind: 'reply', thread: '0000000000000001' },
      { kind: 'reanchor', thread: '0000000000000001', anchor },
    ] as const) {
      expect(() => newCommentEvent(input, ada, bytes(1), 1), input.kind).toThrow(expect.objectContaining({ code: 'BAD_REQUEST', reason: 'notUnderstood' }))
    }
  })
})

describe('the thread rule', () => {
  const comment = newCommentEvent({ kind: 'comment', anchor, quote: 'feeder lanes', body: 'Who paid?' }, ada, bytes(0x10), 1)
  const events: CommentEvent[] = [comment]
  const resolveBy = (writer: typeof ada | typeof ben | typeof fay) => newCommentEvent({ kind: 'resolve', thread: comment.id }, writer, bytes(0x20), 2)

  it('lets the thread’s author and a facilitator act on it, and anyone reply', () => {
    expect(() => checkThreadRule(resolveBy(ada), events, 'doc')).not.toThrow()
    expect(() => checkThreadRule(resolveBy(fay), events, 'doc')).not.toThrow()
    expect(() => checkThreadRule(newCommentEvent({ kind: 'reply', thread: comment.id, body: 'Us.' }, ben, bytes(0x30), 3), events, 'doc')).not.toThrow()
    expect(foldThreads([...events, resolveBy(ada)])[0]?.resolved).toBe(true)
  })

  it('refuses anyone else’s action on it, and any event of a thread the document does not hold', () => {
    expect(() => checkThreadRule(resolveBy(ben), events, 'doc')).toThrow(expect.objectContaining({ code: 'ACCESS_REFUSED', reason: 'thread' }))
    expect(() => checkThreadRule(resolveBy(ada), [], 'doc')).toThrow(expect.objectContaining({ code: 'BAD_REQUEST', reason: 'notUnderstood' }))
    const stray = newCommentEvent({ kind: 'reply', thread: 'ffffffffffffffff', body: 'Hello?' }, ben, bytes(0x40), 4)
    expect(() => checkThreadRule(stray, events, 'doc')).toThrow(/Document doc has no comment thread ffffffffffffffff/)
  })
})
