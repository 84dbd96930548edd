import { CasebookError } from '../../shared/errors.js'
import { unknownDocument } from './findEntry.js'
import type { LibraryIndex } from './libraryIndex.js'
import type { Place } from './libraryLayout.js'

/** A shorter prefix would too often match several documents by chance. */
const MIN_PREFIX = 4

/** Turns a full id, or a unique prefix of at least four characters, into the id of a document in `place`. */
export function resolveId(index: LibraryIndex, damaged: ReadonlyMap<string, string>, text: string, place: Place): string {
  const ids = index
    .all()
    .filter((entry) => entry.place === place)
    .map((entry) => entry.id)
  if (ids.includes(text) || damaged.has(text)) return text
  const matches = text.length >= MIN_PREFIX ? ids.filter((id) => id.startsWith(text)) : []
  if (matches.length === 1 && matches[0]) return matches[0]
  if (matches.length > 1) {
    throw new CasebookError('AMBIGUOUS_ID', `"${text}" matches ${matches.length} documents (${matches.slice(0, 3).join(', ')}…); give more of the id.`, {
      reason: 'ambiguous',
      params: { text, count: matches.length },
    })
  }
  throw unknownDocument(text, place)
}
