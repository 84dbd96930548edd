import * as Y from 'yjs'
import { CasebookError, isCasebookError } from '../../shared/errors.js'
import { readMeta, writeMeta } from '../../shared/model/document.js'
import type { DocumentMeta, DocumentStatus } from '../../shared/model/meta.js'
import { mayMove, recordDecision, reviewOf, type Review } from '../../shared/model/workflow.js'
import type { Library } from '../library/library.js'
import type { SyncEngine } from '../sync/syncEngine.js'

/**
 * The workflow's steps as the app takes them (workflow.ts): each checks the user's role in the
 * document's network and the rules before anything is written, and saves the document as a version,
 * labelled in the window's words, so that every step can be gone back to. The relay holds the line
 * too: only a facilitator's changes to the catalog are stored.
 */
export interface Step {
  library: Library
  sync: SyncEngine
  /** Who takes it: the profile's name. */
  by: string
}

/** The document's review in its network's catalog; undefined for a private one, or one of a network not joined. */
export function documentReview(sync: SyncEngine, id: string, meta: DocumentMeta): Review | undefined {
  const catalog = meta.network ? sync.catalog(meta.network) : null
  return catalog ? reviewOf(catalog, id, meta.submitted) : undefined
}

/** A member's request that the network review the document (`submitting`), or its withdrawal; either saves a version. */
export async function submit({ library, sync, by }: Step, id: string, submitting: boolean, label: string): Promise<void> {
  const handle = await library.open(id)
  try {
    const meta = readMeta(handle.doc)
    checkedMove(sync, id, meta, submitting ? 'submitted' : 'draft')
    await library.saveVersion(id, { label, author: by }, submitting ? 'submitted' : 'draft')
    // Withdrawn, the document stands where the catalog last put it.
    writeMeta(handle.doc, { submitted: submitting ? { by, at: new Date().toISOString() } : undefined })
    await handle.flushed()
  } finally {
    await handle.close()
  }
}

/** A facilitator's decision: the document's new review and the decision logged, in the catalog, with a note to its authors. */
export async function decide({ library, sync, by }: Step, id: string, to: DocumentStatus, note: string | undefined, label: string): Promise<void> {
  const meta = library.summary(id).meta
  const from = checkedMove(sync, id, meta, to)
  const catalog = sync.catalog(meta.network ?? '')
  if (!catalog) throw notShared(id)
  const version = await library.saveVersion(id, { label, author: by }, to)
  recordDecision(catalog, {
    document: id,
    from,
    status: to,
    by,
    at: new Date().toISOString(),
    ...(note ? { note } : {}),
    ...(to === 'published' ? { publishedVersion: version.id } : {}),
  })
}

/** The document's status now, if the user's role may move it to `to`; throws otherwise. */
function checkedMove(sync: SyncEngine, id: string, meta: DocumentMeta, to: DocumentStatus): DocumentStatus {
  const review = documentReview(sync, id, meta)
  const role = roleIn(sync, meta.network)
  if (!review || !role) throw notShared(id)
  if (!mayMove(role, review.status, to))
    throw new CasebookError('ACCESS_REFUSED', `As a ${role} of ${meta.network}, you cannot move document ${id} from ${review.status} to ${to}.`, {
      reason: 'move',
      params: { network: meta.network ?? '' },
    })
  return review.status
}

/** The user's role in a joined network; undefined for any other. */
export function roleIn(sync: SyncEngine, network: string | undefined) {
  return sync.networks().find((status) => status.id === network)?.role
}

function notShared(id: string): CasebookError {
  return new CasebookError('ACCESS_REFUSED', `Document ${id} is not shared in a network this device has joined, so it has no review.`, {
    reason: 'notShared',
  })
}

/** Whether the document changed (its text or its details) since the version its network published; false if none was. */
export async function editedSincePublished(library: Library, id: string, review: Review | undefined): Promise<boolean> {
  if (review?.status !== 'published' || !review.publishedVersion) return false
  // The catalog can arrive before the history that holds the version: nothing to compare with yet.
  const version = await library.readVersion(id, review.publishedVersion).catch((error: unknown) => {
    if (isCasebookError(error, 'UNKNOWN_VERSION')) return null
    throw error
  })
  if (!version) return false
  const handle = await library.open(id)
  try {
    return !Y.equalSnapshots(Y.snapshot(version), Y.snapshot(handle.doc))
  } finally {
    version.destroy()
    await handle.close()
  }
}
