import type * as Y from 'yjs'
import { type CommentEvent, type EncodedAnchor, EVENTS_MAP, mayActOn, readCommentEvent } from '../protocol/commentEvents.js'
import type { Role } from '../protocol/invite.js'

export interface CommentReply {
  id: string
  by: string
  city?: string
  body: string
  at: number
}

/** A comment with its replies, as the events fold into it. */
export interface CommentThread {
  id: string
  by: string
  city?: string
  role: Role
  body: string
  at: number
  anchor: EncodedAnchor
  quote: string
  replies: CommentReply[]
  resolved: boolean
}

/** The room's events that read as events (commentEvents.ts); any other value is passed over. */
export function readEvents(doc: Y.Doc): CommentEvent[] {
  const events: CommentEvent[] = []
  for (const [key, value] of doc.getMap(EVENTS_MAP)) {
    const event = readCommentEvent(value)
    if (event?.id === key) events.push(event)
  }
  return events
}

/** Adds an event to the room's doc. */
export function addEvent(doc: Y.Doc, event: CommentEvent): void {
  doc.getMap(EVENTS_MAP).set(event.id, event)
}

/**
 * The threads the events make, oldest first, deleted ones left out. Each event is taken in the order
 * of its writer's clock, every comment first (a reply written on a fast clock still finds its thread);
 * a resolve, reopen, delete or reanchor counts only from the thread's author or a facilitator, the rule
 * the relay enforces, kept here too for events that reached a device another way.
 */
export function foldThreads(events: readonly CommentEvent[]): CommentThread[] {
  const ordered = [...events].sort((a, b) => Number(b.kind === 'comment') - Number(a.kind === 'comment') || a.at - b.at || (a.id < b.id ? -1 : 1))
  const threads = new Map<string, CommentThread>()
  const deleted = new Set<string>()
  for (const event of ordered) {
    if (event.kind === 'comment') {
      const { id, by, city, role, body = '', at, anchor, quote = '' } = event
      if (anchor) threads.set(id, { id, by, ...(city !== undefined ? { city } : {}), role, body, at, anchor, quote, replies: [], resolved: false })
      continue
    }
    const thread = threads.get(event.thread)
    if (!thread) continue
    if (event.kind === 'reply') {
      const { id, by, city, body = '', at } = event
      thread.replies.push({ id, by, ...(city !== undefined ? { city } : {}), body, at })
      continue
    }
    if (!mayActOn(event, thread)) continue
    if (event.kind === 'resolve' || event.kind === 'reopen') thread.resolved = event.kind === 'resolve'
    else if (event.kind === 'delete') deleted.add(thread.id)
    else if (event.anchor && event.quote) Object.assign(thread, { anchor: event.anchor, quote: event.quote })
  }
  return [...threads.values()].filter((thread) => !deleted.has(thread.id))
}

/** How many of the threads are open (not resolved). */
export function openCount(threads: readonly CommentThread[]): number {
  return threads.filter((thread) => !thread.resolved).length
}
