import type { AnyExtension, JSONContent, MarkdownParseHelpers, MarkdownToken } from '@tiptap/core'
import type { ImageType } from '../model/checkImage.js'
import type { ImageAttrs } from '../model/extensions/image.js'

/** Where a Markdown export puts its images, beside the file (or in its .zip), each named by imageFileName. */
export const IMAGES_FOLDER = 'images'

const EXTENSIONS: Record<ImageType, string> = { png: 'png', jpeg: 'jpg', webp: 'webp', gif: 'gif' }

/** An image's file in a Markdown export: its blob's hash, so that one image is one file however often it is used. */
export function imageFileName({ blob, type }: Pick<ImageAttrs, 'blob' | 'type'>): string {
  return `${blob}.${EXTENSIONS[type]}`
}

/** An image on the web (`https:`, any other scheme, or `//host/…`), which an import leaves as a link, rather than a file's path. */
export function isRemoteImage(src: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')
}

/** The image file found at a path a Markdown file gives: what its node needs beside the alt text and the caption. */
export type ImageFile = Pick<ImageAttrs, 'blob' | 'type' | 'width' | 'height'>

/** What the import found at a path: an image, or why that path stays a link. */
export type FoundImage = { image: ImageFile } | { problem: 'notFound' | 'refused' }

/** The images found for the parse under way, by the path the Markdown gives (TipTap's parse helpers carry nothing of ours). */
let found: ReadonlyMap<string, FoundImage> = new Map()

/** Runs `parse` with `images` as the images its image tokens may become. */
export function withImages<T>(images: ReadonlyMap<string, FoundImage>, parse: () => T): T {
  const previous = found
  found = images
  try {
    return parse()
  } finally {
    found = previous
  }
}

/**
 * The image node, as the Markdown converter reads and writes it. An image found beside the file
 * (withImages) becomes an image node, in the text where it stood: hoistImages (hoistImages.ts) then
 * takes it out into a block of its own. Any other becomes a link to it, labelled with its alt text, so that it is not
 * silently reduced to that text; the import says which and why. Written, an image refers to its file in
 * the images folder (IMAGES_FOLDER), its caption as the title.
 */
export function markdownImage(extension: AnyExtension): AnyExtension {
  return extension.extend({
    markdownTokenName: 'image',
    parseMarkdown(token: MarkdownToken, helpers: MarkdownParseHelpers) {
      const href = token.href ?? ''
      const image = found.get(href)
      if (image && 'image' in image) return helpers.createNode('image', { ...image.image, alt: token.text ?? '', caption: token.title ?? '' })
      return helpers.applyMark('link', [helpers.createTextNode(token.text || href)], { href, title: token.title ?? null })
    },
    renderMarkdown(node: JSONContent) {
      const attrs = node.attrs as ImageAttrs
      const title = attrs.caption ? ` "${oneLine(attrs.caption).replace(/[\\"]/g, '\\$&')}"` : ''
      return `![${oneLine(attrs.alt).replace(/[\\[\]]/g, '\\$&')}](${IMAGES_FOLDER}/${imageFileName(attrs)}${title})`
    },
  })
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ')
}
