import type * as Y from 'yjs'
import { DOCUMENT_ID } from '../model/documentId.js'
import { isNetworkId } from '../model/networkId.js'
import type { InviteClaims } from './invite.js'

/**
 * The room of a network where its documents' adaptations are told ("Adapted by Lagos, Quito"): one
 * per network, beside its catalog. An adaptation may live in a network whose members cannot read it,
 * so only its reference crosses: which document it adapts, where it is, and its city, never its
 * title or text. Anyone with an invite to the source's network, viewers too, may add a reference;
 * the relay takes only new ones, under the adaptation's id, naming the city of the invite they
 * come with (adaptationRules.ts), so nobody can say that another city adapted a case study.
 */
export const ADAPTATIONS_DOCUMENT = 'adaptations'
export const REFERENCES_MAP = 'references'

export interface AdaptationReference {
  /** The adaptation's id, also its key in the map. */
  adaptation: string
  /** The document of this network it adapts. */
  source: string
  /** Where the adaptation lives: this network, or another. */
  network: string
  /** The city of the invite it was added with, empty when that names none. */
  city: string
  /** When it was added: an ISO 8601 date and time with seconds, and Z or an offset. */
  at: string
}

/** RFC 3339's date-time, as zod's `z.iso.datetime({ offset: true })` reads it; the day is checked against its month apart. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/

/**
 * The reference, or null when the value is not one. Checked by hand rather than with zod, as the
 * invite's claims are: the relay reads it (adaptationRules.ts). Unknown fields are dropped.
 */
export function readAdaptationReference(value: unknown): AdaptationReference | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const { adaptation, source, network, city, at } = value as Record<string, unknown>
  const isDocument = (field: unknown) => typeof field === 'string' && DOCUMENT_ID.test(field)
  if (!isDocument(adaptation) || !isDocument(source) || !isNetworkId(network)) return null
  if (typeof city !== 'string' || city.length > 100 || typeof at !== 'string' || !isDateTime(at)) return null
  return { adaptation: adaptation as string, source: source as string, network, city, at }
}

function isDateTime(text: string): boolean {
  const [, year, month, day] = DATE_TIME.exec(text) ?? []
  if (year === undefined) return false
  // A day past its month's end rolls over into the next month (February 30 into March 2). Not
  // Date.UTC, which takes the years 0 to 99 for 1900 to 1999.
  const date = new Date(0)
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day))
  return date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day)
}

/** Every reference the room holds that reads as one, under its own key. */
export function readAdaptationReferences(doc: Y.Doc): AdaptationReference[] {
  return [...doc.getMap<unknown>(REFERENCES_MAP).entries()].flatMap(([key, value]) => {
    const reference = readAdaptationReference(value)
    return reference && reference.adaptation === key ? [reference] : []
  })
}

/** Adds a reference, unless the room has one for that adaptation already (the relay takes no second). */
export function addAdaptationReference(doc: Y.Doc, reference: AdaptationReference): void {
  const references = doc.getMap<unknown>(REFERENCES_MAP)
  if (!references.has(reference.adaptation)) references.set(reference.adaptation, reference)
}

/** Whether a reference names the city of the invite it comes with, as the relay requires. */
export function namesInviteCity(reference: AdaptationReference, claims: Pick<InviteClaims, 'city'>): boolean {
  return reference.city === (claims.city ?? '')
}
