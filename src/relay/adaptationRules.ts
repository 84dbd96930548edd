import type * as Y from 'yjs'
import { namesInviteCity, readAdaptationReference, REFERENCES_MAP } from '../shared/protocol/adaptationReferences.js'
import type { InviteClaims } from '../shared/protocol/invite.js'
import { newValuesOf } from './addOnlyMap.js'

/**
 * Why the relay refuses an update to a network's adaptations room (adaptationReferences.ts), or null
 * if it takes it: it may only add references (newValuesOf), each under its adaptation's id, naming
 * the city of the invite it comes with, and adapting a document the network holds on the relay
 * (`holds`). Every role writes the room, viewers too: so nobody can say that another city adapted a
 * case study, nor tell of adapting one the network does not have. The reasons are logged, so they
 * say nothing of what the references say.
 */
export function adaptationRefusal(update: Uint8Array, doc: Y.Doc, claims: Pick<InviteClaims, 'city'>, holds: (document: string) => boolean): string | null {
  const values = newValuesOf(update, doc, REFERENCES_MAP)
  if ('refused' in values) return values.refused
  const sources = new Set<string>()
  for (const [key, value] of values.added) {
    const reference = readAdaptationReference(value)
    if (reference === null || reference.adaptation !== key) return "A reference does not read as an adaptation's under its id."
    if (!namesInviteCity(reference, claims)) return "A reference names a city other than the invite's."
    sources.add(reference.source)
  }
  // Once all are read, the store is asked of each source once, however many references name it.
  for (const source of sources) if (!holds(source)) return 'A reference adapts a document the network does not hold on the relay.'
  return null
}
