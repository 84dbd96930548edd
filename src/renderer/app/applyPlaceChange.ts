import type { DocumentRow, PlaceChange } from '../../shared/ipc/contract.js'

/** The rows of a place with a change applied: changed rows replaced, new ones added, removed ones gone; in one pass. */
export function applyPlaceChange(rows: DocumentRow[], { upserted, removed }: PlaceChange): DocumentRow[] {
  if (upserted.length === 0 && removed.length === 0) return rows
  const gone = new Set(removed)
  const fresh = new Map(upserted.map((row) => [row.id, row]))
  const kept: DocumentRow[] = []
  for (const row of rows) {
    if (gone.has(row.id)) continue
    const replaced = fresh.get(row.id)
    fresh.delete(row.id)
    kept.push(replaced ?? row)
  }
  return [...kept, ...fresh.values()]
}
