import type { Reviewed } from '../main/export/readDocument.js'
import type { DocumentSummary } from '../main/library/library.js'
import { readCatalogFile } from '../main/sync/NetworkCatalog.js'
import type { DocumentStatus } from '../shared/model/meta.js'
import { reviewOf, type Review } from '../shared/model/workflow.js'

export interface RecordedReviews {
  /** A network document's review (workflow.ts); undefined for a private one. */
  review(summary: DocumentSummary): Review | undefined
  /** Its status: the review's, or a private document's own. */
  status(summary: DocumentSummary): DocumentStatus
  /** The version its network published, if it stands published. */
  published(summary: DocumentSummary): string | undefined
  /** What a report or an export needs: a network document's status and the version published. */
  reviewed(summary: DocumentSummary): Reviewed | undefined
}

/**
 * Each document's review as the app last synced its network's catalog (`sync/<network>.catalog`):
 * the command line runs while the app does not (the app holds the library), so this is what the
 * device knows.
 */
export async function recordedReviews(dataDir: string, summaries: DocumentSummary[]): Promise<RecordedReviews> {
  const networks = [...new Set(summaries.flatMap(({ meta }) => (meta.network ? [meta.network] : [])))]
  const catalogs = new Map(await Promise.all(networks.map(async (network) => [network, (await readCatalogFile(dataDir, network)).doc] as const)))
  const review = ({ id, meta }: DocumentSummary) => {
    const catalog = meta.network ? catalogs.get(meta.network) : undefined
    return catalog ? reviewOf(catalog, id, meta.submitted) : undefined
  }
  const published = (summary: DocumentSummary) => {
    const found = review(summary)
    return found?.status === 'published' ? found.publishedVersion : undefined
  }
  return {
    review,
    status: (summary) => review(summary)?.status ?? summary.meta.status,
    published,
    reviewed: (summary) => {
      const found = review(summary)
      return found && { status: found.status, published: published(summary) }
    },
  }
}
