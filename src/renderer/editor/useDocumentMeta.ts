import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { META_MAP, readMeta } from '../../shared/model/document.js'
import type { DocumentMeta } from '../../shared/model/meta.js'

/** The document's meta as its Y.Doc holds it now, whoever changed it last. */
export function useDocumentMeta(doc: Y.Doc): DocumentMeta {
  const [meta, setMeta] = useState(() => readMeta(doc))
  useEffect(() => {
    const map = doc.getMap(META_MAP)
    const update = () => setMeta(readMeta(doc))
    map.observe(update)
    update()
    return () => map.unobserve(update)
  }, [doc])
  return meta
}
