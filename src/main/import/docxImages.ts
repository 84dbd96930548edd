import { randomBytes } from 'node:crypto'
import type { JSONContent } from '@tiptap/core'
import mammoth from 'mammoth'
import { hoistImages } from '../../shared/export/hoistImages.js'
import { escapeHtml } from '../../shared/export/escapeHtml.js'
import { checkImage } from '../../shared/model/checkImage.js'
import type { ImageAttrs } from '../../shared/model/extensions/image.js'
import { sha256 } from '../library/blobStore.js'
import type { ImportedImage } from './readImages.js'

/** What mammoth tells of an image (its `altText` is the picture's description, else its title), as far as it is read here. */
interface WordImage {
  altText?: string
  readAsBuffer(): Promise<Buffer>
}

/**
 * A Word file's images, as its import keeps them: each one checked (checkImage: by its content, not
 * the type Word gives; SVG, EMF, WMF and the like are left out and counted), named by its hash, and
 * stood in the text where it was. mammoth writes an image as an `<img>` in its paragraph, where the
 * schema's HTML rules cannot read a block: it is written as a marker in the text instead (`marked`),
 * a text no file holds, and each marker becomes an image block there (`placed`, hoistImages).
 */
export class DocxImages {
  /** How many images were left out. */
  leftOut = 0
  readonly #images: Omit<ImageAttrs, 'caption'>[] = []
  readonly #bytes = new Map<string, ImportedImage>()
  readonly #marker = `\uE000${randomBytes(8).toString('hex')}:`

  readonly convertImage = mammoth.images.imgElement(async (image: WordImage) => {
    const bytes = await image.readAsBuffer()
    let checked: ReturnType<typeof checkImage>
    try {
      checked = checkImage(bytes)
    } catch {
      this.leftOut += 1
      return { src: '' }
    }
    const hash = sha256(bytes)
    this.#bytes.set(hash, { hash, bytes })
    this.#images.push({ blob: hash, ...checked, alt: image.altText ?? '' })
    return { src: `casebook-image:${this.#images.length - 1}` }
  })

  /** mammoth's HTML with each image kept as its marker, and those left out gone. */
  marked(html: string): string {
    return html.replace(/<img [^>]*?src="([^"]*)"[^>]*>/g, (_, src: string) => {
      const index = /^casebook-image:(\d+)$/.exec(src)?.[1]
      return index === undefined ? '' : escapeHtml(`${this.#marker}${index}\uE000`)
    })
  }

  /** The body with an image block where each marker stood. */
  placed(body: JSONContent): JSONContent {
    if (!this.#images.length) return body
    const pattern = new RegExp(`${this.#marker}(\\d+)\uE000`, 'g')
    const visit = (node: JSONContent): JSONContent[] => {
      if (node.type === 'text') {
        return (node.text ?? '').split(pattern).flatMap((part, index): JSONContent[] => {
          if (index % 2 === 0) return part ? [{ ...node, text: part }] : []
          return [{ type: 'image', attrs: { ...this.#images[Number(part)], caption: '' } }]
        })
      }
      return [node.content ? { ...node, content: node.content.flatMap(visit) } : node]
    }
    return hoistImages({ ...body, content: (body.content ?? []).flatMap(visit) })
  }

  /** The images kept, each once. */
  kept(): ImportedImage[] {
    return [...this.#bytes.values()]
  }
}
