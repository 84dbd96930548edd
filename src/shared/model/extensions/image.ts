import { Node } from '@tiptap/core'
import { isBlobHash } from '../blobHash.js'
import { IMAGE_TYPES, type ImageType } from '../checkImage.js'

/** What an image node holds: the image itself is a blob beside the document, named by its SHA-256 (docs/IMAGES.md). */
export interface ImageAttrs {
  blob: string
  type: ImageType
  width: number
  height: number
  /** What the image shows, for whoever cannot see it: '' until the author gives it, which the editor shows as missing. */
  alt: string
  caption: string
}

/**
 * A photo or figure: a block of its own, with alt text and a caption. The bytes are never in the
 * CRDT; the node names its blob by hash, and the blob is stored and synced beside the document.
 */
export const Image = Node.create({
  name: 'image',
  group: 'block',
  atom: true,
  draggable: true,

  addAttributes() {
    return {
      blob: { default: '', parseHTML: (element) => readBlob(element) },
      type: { default: 'jpeg', parseHTML: (element) => readType(element) },
      width: { default: 0, parseHTML: (element) => readDimension(element, 'width') },
      height: { default: 0, parseHTML: (element) => readDimension(element, 'height') },
      alt: { default: '', parseHTML: (element) => element.querySelector('img')?.getAttribute('alt') ?? '' },
      caption: { default: '', parseHTML: (element) => element.querySelector('figcaption')?.textContent ?? '' },
    }
  },

  parseHTML() {
    return [{ tag: 'figure[data-blob]' }]
  },

  renderHTML({ node }) {
    const { blob, type, width, height, alt, caption } = node.attrs as ImageAttrs
    const image = ['img', { alt, width: String(width), height: String(height) }]
    const figure = { 'data-blob': blob, 'data-type': type }
    return caption ? ['figure', figure, image, ['figcaption', {}, caption]] : ['figure', figure, image]
  },
})

/** What parseHTML is given, as far as it is read here (src/shared has no DOM types). */
interface Element {
  getAttribute(name: string): string | null
  querySelector(selector: string): Element | null
}

function readBlob(element: Element): string {
  const blob = element.getAttribute('data-blob') ?? ''
  return isBlobHash(blob) ? blob : ''
}

function readType(element: Element): ImageType {
  const type = element.getAttribute('data-type') as ImageType
  return IMAGE_TYPES.includes(type) ? type : 'jpeg'
}

function readDimension(element: Element, which: 'width' | 'height'): number {
  const value = Number(element.querySelector('img')?.getAttribute(which))
  return Number.isSafeInteger(value) && value > 0 ? value : 0
}
