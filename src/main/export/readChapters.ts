import { readMeta } from '../../shared/model/document.js'
import { readBody } from '../../shared/model/documentBody.js'
import type { ReportChapter } from '../../shared/export/report.js'
import type { Library } from '../library/library.js'

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
    const handle = await library.open(id)
    try {
      chapters.push({ meta: readMeta(handle.doc), body: readBody(handle.doc) })
    } finally {
      await handle.close()
    }
    onRead?.(chapters.length)
  }
  return chapters
}
