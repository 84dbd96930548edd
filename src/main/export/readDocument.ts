import { readMeta } from '../../shared/model/document.js'
import { type DocumentContent, readBody } from '../../shared/model/documentBody.js'
import type { Library } from '../library/library.js'

/**
 * A stored document's meta and body, to export, its handle let go once they are read. What a newer
 * Casebook wrote that this one cannot show is left out of the body, each kind told to `onUnsupported`.
 */
export async function readDocument(library: Library, id: string, onUnsupported?: (type: string) => void): Promise<DocumentContent> {
  const handle = await library.open(id)
  try {
    return { meta: readMeta(handle.doc), body: readBody(handle.doc, onUnsupported) }
  } finally {
    await handle.close()
  }
}
