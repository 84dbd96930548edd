import { randomBytes } from 'node:crypto'
import type * as z from 'zod'
import { CasebookError } from '../../shared/errors.js'
import type { CommentsView, REQUESTS } from '../../shared/ipc/contract.js'
import { foldThreads, readEvents } from '../../shared/model/commentThreads.js'
import { THREAD_ACTIONS, mayActOn, readCommentEvent } from '../../shared/protocol/commentEvents.js'
import type { Library } from '../library/library.js'
import type { SettingsStore } from '../settings/settingsStore.js'

type Commenter = CommentsView['you']

/**
 * Who the user is in a document's comments: as their invite to its network names them (the relay
 * refuses an event that says otherwise), or, in a private document, as their profile does. In the
 * document of a network this device left, they may read its comments but add none: no invite would
 * take them to the relay.
 */
export async function commenterIn(settings: SettingsStore, network: string | undefined): Promise<Commenter> {
  const { profile, networks } = await settings.read()
  const joined = networks.find((joined) => joined.id === network)
  if (joined) return { name: joined.name, ...(joined.city ? { city: joined.city } : {}), role: joined.role, mayComment: true }
  const you = { name: profile?.name ?? 'Unknown', ...(profile?.city ? { city: profile.city } : {}) }
  return network ? { ...you, role: 'viewer', mayComment: false } : { ...you, role: 'member', mayComment: true }
}

export async function commentsView(library: Library, id: string, you: Commenter): Promise<CommentsView> {
  const comments = await library.comments(id)
  try {
    return { threads: foldThreads(readEvents(comments.doc)), you }
  } finally {
    comments.doc.destroy()
  }
}

/** Adds the user's event, once the rules allow it; answers the threads with it. */
export async function addComment(library: Library, you: Commenter, { id, ...input }: z.output<(typeof REQUESTS)['comments.add']>): Promise<CommentsView> {
  if (!you.mayComment)
    throw new CasebookError('ACCESS_REFUSED', `Document ${id} is in a network this device has not joined, so it cannot be commented on here.`, {
      reason: 'notJoined',
    })
  const eventId = randomBytes(8).toString('hex')
  const event = readCommentEvent({
    ...input,
    id: eventId,
    thread: input.kind === 'comment' ? eventId : input.thread,
    by: you.name,
    city: you.city,
    role: you.role,
    at: Date.now(),
  })
  if (!event)
    throw new CasebookError('BAD_REQUEST', `A ${input.kind} does not carry what it needs (a thread, an anchor and its quote, or a text).`, {
      reason: 'notUnderstood',
    })
  const events = await library.addComment(id, event, (before) => {
    if (event.kind === 'comment') return
    const thread = foldThreads(before).find((thread) => thread.id === event.thread)
    if (!thread) throw new CasebookError('BAD_REQUEST', `Document ${id} has no comment thread ${event.thread}.`, { reason: 'notUnderstood' })
    if (THREAD_ACTIONS.includes(event.kind) && !mayActOn(event, thread))
      throw new CasebookError('ACCESS_REFUSED', `Only whoever wrote a comment, or a facilitator, may ${event.kind} its thread.`, { reason: 'thread' })
  })
  return { threads: foldThreads(events), you }
}
