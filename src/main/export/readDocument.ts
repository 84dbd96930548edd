import { CasebookError, isCasebookError } from '../../shared/errors.js'
import { readMeta } from '../../shared/model/document.js'
import { type DocumentContent, readBody } from '../../shared/model/documentBody.js'
import type { Library } from '../library/library.js'
import type { Reviewed } from './reviewed.js'

/**
 * A stored document's meta and body, to export, its handle let go once they are read. A network's
 * document (`reviewed`) says the status its review gives it, never the one its meta claims, and is
 * read as its network published it, if it stands published. What a newer Casebook wrote that this
 * one cannot show is left out of the body, each kind told to `onUnsupported`.
 */
export async function readDocument(library: Library, id: string, onUnsupported?: (type: string) => void, reviewed?: Reviewed): Promise<DocumentContent> {
  const content = await readContent(library, id, onUnsupported, reviewed?.published)
  return reviewed ? { ...content, meta: { ...content.meta, status: reviewed.status } } : content
}

async function readContent(library: Library, id: string, onUnsupported?: (type: string) => void, published?: string): Promise<DocumentContent> {
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
      return { meta: readMeta(doc), body: readBody(doc, onUnsupported) }
    } finally {
      doc.destroy()
    }
  }
  const handle = await library.open(id)
  try {
    return { meta: readMeta(handle.doc), body: readBody(handle.doc, onUnsupported) }
  } finally {
    await handle.close()
  }
}
