import type { DocumentRow, LibraryPlace, PlaceChange } from '../../shared/ipc/contract.js'

/**
 * What each place's list gains and loses from documents that changed, given each one's row as it is
 * now (null if it is in neither place any more): a row is upserted where it is and removed from the
 * other place, as a trash or restore moves it.
 */
export function placeChanges(ids: Iterable<string>, rowOf: (id: string) => DocumentRow | null): Record<LibraryPlace, PlaceChange> {
  const changes: Record<LibraryPlace, PlaceChange> = { documents: { upserted: [], removed: [] }, trash: { upserted: [], removed: [] } }
  for (const id of ids) {
    const row = rowOf(id)
    const place: LibraryPlace | null = row ? (row.trashedAt ? 'trash' : 'documents') : null
    for (const each of ['documents', 'trash'] as const) {
      if (row && each === place) changes[each].upserted.push(row)
      else changes[each].removed.push(id)
    }
  }
  return changes
}
