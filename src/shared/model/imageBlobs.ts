import * as Y from 'yjs'
import { isBlobHash } from './blobHash.js'
import { BODY_FRAGMENT } from './document.js'

/**
 * The images a document's body shows: the `blob` of each image node (extensions/image.ts), read
 * from the Y.XmlFragment itself, without converting the body to ProseMirror JSON, so that sync can
 * ask it of every document it handles. A value that is not a blob hash names no image.
 */
export function imageBlobs(doc: Y.Doc): Set<string> {
  const found = new Set<string>()
  const walk = (parent: Y.XmlFragment | Y.XmlElement) => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      if (child.nodeName === 'image') {
        const blob = child.getAttribute('blob') as unknown
        if (typeof blob === 'string' && isBlobHash(blob)) found.add(blob)
      }
      walk(child)
    }
  }
  walk(doc.getXmlFragment(BODY_FRAGMENT))
  return found
}

/**
 * Tells the body's images (imageBlobs) whenever its structure or an element's attributes change,
 * here or by a sync: an image is an element, so typing (a change to text alone) is passed over.
 * Returns the function that stops observing.
 */
export function observeImageBlobs(doc: Y.Doc, onBlobs: (blobs: Set<string>) => void): () => void {
  const body = doc.getXmlFragment(BODY_FRAGMENT)
  const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    if (events.some((event) => !(event.target instanceof Y.XmlText))) onBlobs(imageBlobs(doc))
  }
  body.observeDeep(observer)
  return () => body.unobserveDeep(observer)
}
