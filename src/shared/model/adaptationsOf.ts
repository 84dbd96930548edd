import type { AdaptationReference } from '../protocol/adaptationReferences.js'
import type { DocumentMeta } from './meta.js'

/** A document on this device, in any network, that may be an adaptation. */
export interface LocalAdaptation {
  id: string
  meta: DocumentMeta
}

/**
 * The adaptations of a network's documents (`sources`, by id): the network's adaptations room's
 * references and this device's own documents that say they adapt one, once each. A reference is
 * dropped when this device holds the document it names and that document does not say it adapts the
 * source: anyone in the network may add a reference, but not make another network's document say so.
 * A private document is no adaptation anyone else sees, so it is none here either.
 */
export function adaptationsOf(
  network: string,
  sources: ReadonlyMap<string, unknown>,
  references: AdaptationReference[],
  local: LocalAdaptation[],
): AdaptationReference[] {
  const held = new Map(local.map(({ id, meta }) => [id, meta]))
  const found = new Map<string, AdaptationReference>()
  for (const { id, meta } of local) {
    const from = meta.adaptedFrom
    if (!from || from.network !== network || !sources.has(from.id) || !meta.network) continue
    found.set(id, { adaptation: id, source: from.id, network: meta.network, city: meta.city ?? '', at: meta.createdAt })
  }
  for (const reference of references) {
    if (found.has(reference.adaptation) || !sources.has(reference.source)) continue
    const meta = held.get(reference.adaptation)
    if (meta && meta.adaptedFrom?.id !== reference.source) continue
    found.set(reference.adaptation, reference)
  }
  return [...found.values()]
}
