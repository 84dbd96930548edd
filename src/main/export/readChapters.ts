import type { ReportChapter } from '../../shared/export/report.js'
import type { Library } from '../library/library.js'
import { readDocument } from './readDocument.js'

/**
 * The documents' metas and bodies, read one at a time (a report of many holds their bodies, not
 * their Y.Docs), each told to `onRead` as it is; stops, throwing the signal's reason, once aborted.
 */
export async function readChapters(
  library: Library,
  ids: string[],
  { onRead, signal }: { onRead?: (done: number) => void; signal?: AbortSignal } = {},
): Promise<ReportChapter[]> {
  const chapters: ReportChapter[] = []
  for (const id of ids) {
    signal?.throwIfAborted()
    chapters.push(await readDocument(library, id))
    onRead?.(chapters.length)
  }
  return chapters
}
