import type * as Y from 'yjs'
import { readAdaptationReferences } from '../protocol/adaptationReferences.js'
import { networkStats, type NetworkStats, type StatsDocument } from './networkStats.js'
import { readDecisions } from './workflow.js'

/**
 * A network's figures from a library's documents (every network's, not those in the trash; each with
 * its status as its catalog gives it), the network's catalog, and its adaptations room (null where
 * this device has none yet): what the dashboard and `casebook stats` both read.
 */
export function libraryStats(
  network: string,
  documents: StatsDocument[],
  catalog: Y.Doc,
  adaptationsRoom: Y.Doc | null,
  lastLooked: string | null,
): NetworkStats {
  return networkStats({
    network,
    documents: documents.filter(({ meta }) => meta.network === network),
    decisions: readDecisions(catalog),
    references: adaptationsRoom ? readAdaptationReferences(adaptationsRoom) : [],
    // Every held document, not only those that adapt this network's: a reference naming one that does not is forged (adaptationsOf).
    adaptations: documents,
    lastLooked,
  })
}
