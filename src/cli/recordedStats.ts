import { access } from 'node:fs/promises'
import type { Library } from '../main/library/library.js'
import { catalogPath, readAdaptationsFile } from '../main/sync/NetworkRoomCopy.js'
import { CasebookError } from '../shared/errors.js'
import { libraryStats } from '../shared/model/libraryStats.js'
import type { NetworkStats } from '../shared/model/networkStats.js'
import { recordedReviews } from './recordedReviews.js'

/**
 * A network's figures as the app last left what it synced on disk: the library's documents (each
 * with the status its network's catalog file gives it), the network's catalog, and its adaptations
 * room (`sync/<network>.adaptations`). The command line runs while the app does not, so this is what the device knows. A network
 * this device never synced (no catalog, no document) is an error rather than a page of zeros, which
 * would read as a network where nothing happened.
 */
export async function recordedStats(dataDir: string, library: Library, network: string): Promise<NetworkStats> {
  const summaries = library.list()
  const synced = await access(catalogPath(dataDir, network)).then(
    () => true,
    () => false,
  )
  if (!synced && !summaries.some(({ meta }) => meta.network === network)) {
    throw new CasebookError(
      'UNKNOWN_NETWORK',
      `This device has never synced network ${network}: it holds neither its catalog nor any of its documents. Join it in the app first.`,
    )
  }
  // A missing adaptations file reads as an empty room: only this device's own adaptations count then.
  const [reviews, adaptations] = await Promise.all([recordedReviews(dataDir, summaries, [network]), readAdaptationsFile(dataDir, network)])
  // Read with the reviews, whose statuses it gives.
  const catalog = reviews.catalog(network)
  if (!catalog) throw new Error(`The catalog of ${network} was not read with the reviews.`)
  const documents = summaries.map((summary) => ({ id: summary.id, meta: summary.meta, status: reviews.status(summary) }))
  try {
    return libraryStats(network, documents, catalog, adaptations.doc, null)
  } finally {
    adaptations.doc.destroy()
  }
}
