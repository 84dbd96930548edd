import type * as Y from 'yjs'
import { CasebookError, isCasebookError } from '../../shared/errors.js'
import { readMeta } from '../../shared/model/document.js'
import { type DocumentContent, readBody } from '../../shared/model/documentBody.js'
import type { CommentThread } from '../../shared/model/commentThreads.js'
import type { Library } from '../library/library.js'
import { type ExportComment, openThreads, placeComments } from './exportComments.js'
import type { Reviewed } from './reviewed.js'

/** What an export writes: the document's meta and body, and, where asked, its open comments placed in that body. */
export interface ExportContent extends DocumentContent {
  comments?: ExportComment[]
}

/**
 * A stored document's meta and body, to export, its handle let go once they are read. A network's
 * document (`reviewed`) says the status its review gives it, never the one its meta claims, and is
 * read as its network published it, if it stands published. What a newer Casebook wrote that this
 * one cannot show is left out of the body, each kind told to `onUnsupported`. With `comments`, its
 * open comments too, placed in the text read (exportComments.ts).
 */
export async function readDocument(
  library: Library,
  id: string,
  onUnsupported?: (type: string) => void,
  reviewed?: Reviewed,
  { comments = false }: { comments?: boolean } = {},
): Promise<ExportContent> {
  // Read before the body, so that nothing comes between reading the body and placing the comments in it.
  const threads = comments ? await openThreads(library, id) : undefined
  const content = await readContent(library, id, (doc) => read(doc, threads, onUnsupported), reviewed?.published)
  return reviewed ? { ...content, meta: { ...content.meta, status: reviewed.status } } : content
}

function read(doc: Y.Doc, threads: readonly CommentThread[] | undefined, onUnsupported?: (type: string) => void): ExportContent {
  let leftOut = false
  const body = readBody(doc, (type) => {
    leftOut = true
    onUnsupported?.(type)
  })
  return { meta: readMeta(doc), body, ...(threads && { comments: placeComments(threads, doc, leftOut) }) }
}

async function readContent(library: Library, id: string, readDoc: (doc: Y.Doc) => ExportContent, published?: string): Promise<ExportContent> {
  if (published) {
    const doc = await library.readVersion(id, published).catch((error: unknown) => {
      if (!isCasebookError(error, 'UNKNOWN_VERSION')) throw error
      // The catalog can arrive before the history that holds the version.
      throw new CasebookError(
        'UNKNOWN_VERSION',
        `The version of document ${id} that its network published has not reached this device yet. Export the text as it is now, or try again once it has synced.`,
        { reason: 'notHere', cause: error },
      )
    })
    try {
      return readDoc(doc)
    } finally {
      doc.destroy()
    }
  }
  const handle = await library.open(id)
  try {
    return readDoc(handle.doc)
  } finally {
    await handle.close()
  }
}
