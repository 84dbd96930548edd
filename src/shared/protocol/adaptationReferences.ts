import type * as Y from 'yjs'
import * as z from 'zod'
import { DOCUMENT_ID } from '../model/documentId.js'
import { NETWORK_ID } from '../model/networkId.js'
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

export const adaptationReferenceSchema = z.object({
  /** The adaptation's id, also its key in the map. */
  adaptation: z.string().regex(DOCUMENT_ID),
  /** The document of this network it adapts. */
  source: z.string().regex(DOCUMENT_ID),
  /** Where the adaptation lives: this network, or another. */
  network: z.string().regex(NETWORK_ID),
  /** The city of the invite it was added with, empty when that names none. */
  city: z.string().max(100),
  at: z.iso.datetime({ offset: true }),
})

export type AdaptationReference = z.infer<typeof adaptationReferenceSchema>

/** The reference, or null when the value is not one. */
export function readAdaptationReference(value: unknown): AdaptationReference | null {
  const parsed = adaptationReferenceSchema.safeParse(value)
  return parsed.success ? parsed.data : null
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
