import type { AnyExtension, JSONContent } from '@tiptap/core'
import type { ImageAttrs } from '../model/extensions/image.js'
import { schemaExtensions } from '../model/schema.js'
import { mapExtensions } from './mapExtensions.js'

/**
 * Where an export shows each image from, by its blob's hash: a data: URI, which keeps an HTML export
 * one file; undefined for an image this device does not have (yet).
 */
export type ImageSources = (blob: string) => string | undefined

/** Every blob a body's images name, each once, in order. */
export function imageBlobs(body: JSONContent): string[] {
  const blobs = new Set<string>()
  const visit = (node: JSONContent) => {
    if (node.type === 'image' && typeof node.attrs?.['blob'] === 'string') blobs.add(node.attrs['blob'])
    node.content?.forEach(visit)
  }
  visit(body)
  return [...blobs]
}

/**
 * What stands for an image this device does not have: its alt text, in italics, as a paragraph (empty
 * if it has none), so that an export is made all the same, and says what was there.
 */
export function missingImage(attrs: Pick<ImageAttrs, 'alt'>): JSONContent {
  return { type: 'paragraph', content: attrs.alt ? [{ type: 'text', text: attrs.alt, marks: [{ type: 'italic' }] }] : [] }
}

/** The body with each image whose blob `has` not replaced by its alt text (missingImage). */
export function withMissingImages(body: JSONContent, has: (blob: string) => boolean): JSONContent {
  const visit = (node: JSONContent): JSONContent => {
    if (node.type === 'image') return has(String(node.attrs?.['blob'])) ? node : missingImage(node.attrs as ImageAttrs)
    return node.content ? { ...node, content: node.content.map(visit) } : node
  }
  return visit(body)
}

/**
 * The schema's extensions for an HTML export: each image a `<figure>` of its `<img>`, shown from
 * `sources`, and its caption; one that this device does not have, its alt text (missingImage).
 */
export function htmlExtensions(sources: ImageSources): AnyExtension[] {
  return mapExtensions(schemaExtensions, (extension) =>
    extension.name !== 'image'
      ? extension
      : extension.extend({
          renderHTML({ node }: { node: { attrs: Record<string, unknown> } }) {
            const { blob, width, height, alt, caption } = node.attrs as unknown as ImageAttrs
            const src = sources(blob)
            if (!src) return ['p', { class: 'image-missing' }, ['em', {}, alt]]
            const image = ['img', { src, alt, width: String(width), height: String(height) }]
            return caption ? ['figure', {}, image, ['figcaption', {}, caption]] : ['figure', {}, image]
          },
        }),
  )
}
