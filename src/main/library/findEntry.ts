import { CasebookError } from '../../shared/errors.js'
import type { IndexEntry, LibraryIndex } from './libraryIndex.js'
import type { Place } from './libraryLayout.js'

/**
 * The index entry of document `id`, in `place` if given. Throws DOCUMENT_DAMAGED for a document whose
 * files cannot be read (`damaged` holds why), and UNKNOWN_DOCUMENT for one not there.
 */
export function findEntry(index: LibraryIndex, damaged: ReadonlyMap<string, string>, id: string, place?: Place): IndexEntry {
  const damage = damaged.get(id)
  if (damage) throw new CasebookError('DOCUMENT_DAMAGED', damage, { reason: 'damaged' })
  const entry = index.get(id)
  if (!entry || (place && entry.place !== place)) throw unknownDocument(id, place)
  return entry
}

export function unknownDocument(id: string, place?: Place): CasebookError {
  const where = place === 'trash' ? ' in the trash' : ''
  return new CasebookError('UNKNOWN_DOCUMENT', `No document${where} has the id "${id}".`, { reason: 'unknown', params: { id } })
}
