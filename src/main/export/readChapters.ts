import type { ReportChapter } from '../../shared/export/report.js'
import type { Library } from '../library/library.js'
import { readDocument } from './readDocument.js'
import type { Reviewed } from './reviewed.js'

/**
 * The documents' metas and bodies, read one at a time (a report of many holds their bodies, not
 * their Y.Docs), each told to `onRead` as it is; a network's document with the status its review
 * gives it, and as its network published it if it stands published (`reviewed`). Stops, throwing the
 * signal's reason, once aborted.
 */
export async function readChapters(
  library: Library,
  ids: string[],
  { onRead, signal, reviewed }: { onRead?: (done: number) => void; signal?: AbortSignal; reviewed?: (id: string) => Reviewed | undefined } = {},
): Promise<ReportChapter[]> {
  const chapters: ReportChapter[] = []
  for (const id of ids) {
    signal?.throwIfAborted()
    chapters.push(await readDocument(library, id, undefined, reviewed?.(id)))
    onRead?.(chapters.length)
  }
  return chapters
}
