import type { NetworkStanding, ReportChapter } from '../../shared/export/report.js'
import type { Standing } from '../sync/SavedRecord.js'

/**
 * For each network the chapters' documents belong to (`ids[i]` is chapter i's), where they stand
 * with it: as of when, and which are not yet saved there. A network this device knows nothing of
 * (`standingOf` answers null: not joined, never synced) has every document unsaved.
 */
export function networkStandings(ids: string[], chapters: ReportChapter[], standingOf: (network: string) => Standing | null): NetworkStanding[] {
  const standings = new Map<string, { known: Standing | null; standing: NetworkStanding }>()
  for (const [index, { meta }] of chapters.entries()) {
    if (!meta.network) continue
    let entry = standings.get(meta.network)
    if (!entry) {
      const known = standingOf(meta.network)
      entry = { known, standing: { network: meta.network, asOf: known?.asOf ?? null, unsaved: [] } }
      standings.set(meta.network, entry)
    }
    if (!entry.known?.isSaved(ids[index] ?? '')) entry.standing.unsaved.push(meta.title)
  }
  return [...standings.values()].map(({ standing }) => standing)
}
