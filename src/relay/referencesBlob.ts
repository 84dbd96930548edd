import * as Y from 'yjs'

/**
 * Whether a document's body holds an image node naming this blob. The names are those of
 * document.ts (BODY_FRAGMENT) and the image extension, written here: importing either would bring
 * zod or TipTap into the relay.
 */
export function referencesBlob(doc: Y.Doc, hash: string): boolean {
  const images = doc.getXmlFragment('body').createTreeWalker((node) => node instanceof Y.XmlElement && node.nodeName === 'image')
  for (const image of images) if ((image as Y.XmlElement).getAttribute('blob') === hash) return true
  return false
}

/** A document's stored state (its snapshot and updates, as RelayStore loads them) as a Y.Doc, to read. */
export function storedDoc(snapshot: Uint8Array | null, updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.mergeUpdates(snapshot ? [snapshot, ...updates] : updates))
  return doc
}
