import { reviewedAs, type Reviewed } from '../main/export/reviewed.js'
import type { DocumentSummary } from '../main/library/library.js'
import { readCatalogFile } from '../main/sync/NetworkRoomCopy.js'
import type { DocumentStatus } from '../shared/model/meta.js'
import type * as Y from 'yjs'
import { reviewOf, statusOf } from '../shared/model/workflow.js'

export interface RecordedReviews {
  /** Its status: the review's, or a private document's own. */
  status(summary: DocumentSummary): DocumentStatus
  /** What a report or an export needs: a network document's status and the version published. */
  reviewed(summary: DocumentSummary): Reviewed | undefined
  /** A network's catalog as read for these reviews (empty for one never synced). */
  catalog(network: string): Y.Doc | undefined
}

/**
 * Each document's review as the app last synced its network's catalog (`sync/<network>.catalog`):
 * the command line runs while the app does not (the app holds the library), so this is what the
 * device knows. The catalogs of `alsoNetworks` are read too, for one that may hold no document here.
 */
export async function recordedReviews(dataDir: string, summaries: DocumentSummary[], alsoNetworks: string[] = []): Promise<RecordedReviews> {
  const networks = [...new Set([...summaries.flatMap(({ meta }) => (meta.network ? [meta.network] : [])), ...alsoNetworks])]
  const catalogs = new Map(await Promise.all(networks.map(async (network) => [network, (await readCatalogFile(dataDir, network)).doc] as const)))
  const review = ({ id, meta }: DocumentSummary) => {
    const catalog = meta.network ? catalogs.get(meta.network) : undefined
    return catalog ? reviewOf(catalog, id, meta.submitted) : undefined
  }
  return {
    status: (summary) => statusOf(review(summary), summary.meta),
    reviewed: (summary) => reviewedAs(review(summary)),
    catalog: (network) => catalogs.get(network),
  }
}
