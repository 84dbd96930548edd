import type { JSONContent } from '@tiptap/core'
import * as Y from 'yjs'
import type { StoredImage } from '../../src/shared/ipc/contract.js'
import { BODY_FRAGMENT } from '../../src/shared/model/document.js'

/** A body that shows these images (an image node each, with its alt text), after a paragraph. */
export function imageBody(images: StoredImage[], text = 'Before and after'): JSONContent {
  return {
    type: 'doc',
    content: [
      { type: 'paragraph', content: [{ type: 'text', text }] },
      ...images.map(({ hash, type, width, height }) => ({
        type: 'image',
        attrs: { blob: hash, type, width, height, alt: `Photo ${hash.slice(0, 6)}`, caption: '' },
      })),
    ],
  }
}

/** Adds an image node at the end of a document's body, as the editor would. */
export function appendImage(doc: Y.Doc, { hash, type, width, height }: StoredImage): void {
  const image = new Y.XmlElement('image')
  for (const [key, value] of Object.entries({ blob: hash, type, width, height, alt: 'A photo', caption: '' })) image.setAttribute(key, value as string)
  const body = doc.getXmlFragment(BODY_FRAGMENT)
  body.insert(body.length, [image])
}

/** Removes every image node from the top of a document's body. */
export function removeImages(doc: Y.Doc): void {
  const body = doc.getXmlFragment(BODY_FRAGMENT)
  doc.transact(() => {
    for (let at = body.length - 1; at >= 0; at--) {
      const node = body.get(at)
      if (node instanceof Y.XmlElement && node.nodeName === 'image') body.delete(at, 1)
    }
  })
}
