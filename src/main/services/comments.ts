import { randomBytes } from 'node:crypto'
import type * as z from 'zod'
import { CasebookError } from '../../shared/errors.js'
import type { CommentsView, REQUESTS } from '../../shared/ipc/contract.js'
import { foldThreads, readEvents } from '../../shared/model/commentThreads.js'
import { checkThreadRule, EVENT_ID_BYTES, newCommentEvent } from '../../shared/model/newCommentEvent.js'
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
  const event = newCommentEvent(input, you, randomBytes(EVENT_ID_BYTES), Date.now())
  const events = await library.addComment(id, event, (before) => checkThreadRule(event, before, id))
  return { threads: foldThreads(events), you }
}
