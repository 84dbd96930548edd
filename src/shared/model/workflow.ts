import type * as Y from 'yjs'
import * as z from 'zod'
import type { Role } from '../protocol/invite.js'
import { DOCUMENT_STATUSES, type DocumentStatus } from './meta.js'
import { VERSION_ID } from './version.js'
import { withoutUndefined } from './withoutUndefined.js'

/**
 * The review workflow of a network's documents. The network's `catalog` document, which only
 * facilitators may write (the relay enforces it), holds each document's standing and the log of
 * decisions; a member's submission is a request in the document itself (`meta.submitted`), which any
 * writer may make. What a document's status is comes from both (reviewOf), never from what the
 * document says of itself.
 */

/** Who may move a document from which status to which: the rules, as a table. */
export const MOVES: Record<DocumentStatus, Partial<Record<DocumentStatus, readonly Role[]>>> = {
  draft: { submitted: ['member', 'facilitator'], 'in-review': ['facilitator'] },
  submitted: { draft: ['member', 'facilitator'], 'in-review': ['facilitator'], published: ['facilitator'] },
  'in-review': { draft: ['facilitator'], published: ['facilitator'] },
  // Publishing again approves the text as it is now.
  published: { published: ['facilitator'], archived: ['facilitator'], draft: ['facilitator'] },
  archived: { draft: ['facilitator'], published: ['facilitator'] },
}

export function mayMove(role: Role, from: DocumentStatus, to: DocumentStatus): boolean {
  return MOVES[from][to]?.includes(role) ?? false
}

/** Where the statuses a role may move a document to from `from`, in the table's order. */
export function movesFor(role: Role, from: DocumentStatus): DocumentStatus[] {
  return DOCUMENT_STATUSES.filter((to) => mayMove(role, from, to))
}

const text = (max: number) => z.string().min(1).max(max)
const at = z.iso.datetime({ offset: true })

/** A document's review, as the catalog records its standing: its status, who set it and when, a note to its authors, the version published. */
const reviewSchema = z.object({
  status: z.enum(DOCUMENT_STATUSES),
  by: text(100),
  at,
  note: text(1000).optional(),
  publishedVersion: z.string().regex(VERSION_ID).optional(),
})

export type Review = z.infer<typeof reviewSchema>

/** One decision, as the catalog logs it. */
export interface Decision extends Review {
  document: string
  from: DocumentStatus
}

/** A submission request, as a document's meta holds it. */
export interface Submission {
  by: string
  at: string
}

const STANDINGS = 'standings'
const DECISIONS = 'decisions'

/**
 * The document's status and what goes with it: the catalog's standing, unless the document was
 * submitted after it (or it has none) while it stood as a draft. A document the catalog knows
 * nothing of is a draft, whatever its meta says.
 */
export function reviewOf(catalog: Y.Doc, id: string, submitted: Submission | undefined): Review {
  const parsed = reviewSchema.safeParse(catalog.getMap(STANDINGS).get(id))
  const review = parsed.success ? parsed.data : undefined
  if (submitted && (!review || (review.status === 'draft' && Date.parse(submitted.at) > Date.parse(review.at))))
    return { status: 'submitted', by: submitted.by, at: submitted.at }
  return review ?? { status: 'draft', by: '', at: '1970-01-01T00:00:00.000Z' }
}

/**
 * A document's status as the app shows it: its review's for a network's document (one its catalog
 * cannot speak for, the network left say, is a draft, whatever it claims), its meta's for a private one.
 */
export function statusOf(review: Review | undefined, meta: { network?: string | undefined; status: DocumentStatus }): DocumentStatus {
  return review?.status ?? (meta.network ? 'draft' : meta.status)
}

/** Records a facilitator's decision: the document's new standing, and the decision in the log. */
export function recordDecision(catalog: Y.Doc, decision: Decision): void {
  const { document, from, ...review } = decision
  catalog.transact(() => {
    catalog.getMap(STANDINGS).set(document, withoutUndefined(review))
    catalog.getArray(DECISIONS).push([withoutUndefined(decision)])
  })
}

const decisionSchema = reviewSchema.extend({ document: z.string().min(1).max(128), from: z.enum(DOCUMENT_STATUSES) })

/** The log of decisions, in the order the catalog holds them; an entry that does not parse is left out. */
export function readDecisions(catalog: Y.Doc): Decision[] {
  return catalog
    .getArray<unknown>(DECISIONS)
    .toArray()
    .flatMap((value) => {
      const parsed = decisionSchema.safeParse(value)
      return parsed.success ? [withoutUndefined(parsed.data) as Decision] : []
    })
}

/** Calls `listener` with the documents whose standing each change of the catalog touched; returns the function that stops it. */
export function observeStandings(catalog: Y.Doc, listener: (ids: string[]) => void): () => void {
  const observer = (event: Y.YMapEvent<unknown>) => listener([...event.keysChanged])
  catalog.getMap(STANDINGS).observe(observer)
  return () => catalog.getMap(STANDINGS).unobserve(observer)
}
