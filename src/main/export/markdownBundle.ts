import type { JSONContent } from '@tiptap/core'
import JSZip from 'jszip'
import { IMAGES_FOLDER, imageFileName } from '../../shared/export/markdownImages.js'
import type { ImageAttrs } from '../../shared/model/extensions/image.js'

/** A file a Markdown export writes beside the Markdown: its path there (`images/<hash>.<ext>`) and its bytes. */
export interface MarkdownImageFile {
  path: string
  bytes: Uint8Array
}

/** The image files a Markdown export refers to, of those this device has, each once: in the images folder, named as its Markdown names them. */
export function markdownImageFiles(body: JSONContent, images: ReadonlyMap<string, Uint8Array>): MarkdownImageFile[] {
  const files = new Map<string, MarkdownImageFile>()
  const visit = (node: JSONContent) => {
    const bytes = node.type === 'image' ? images.get(String(node.attrs?.['blob'])) : undefined
    if (bytes) {
      const path = `${IMAGES_FOLDER}/${imageFileName(node.attrs as ImageAttrs)}`
      files.set(path, { path, bytes })
    }
    node.content?.forEach(visit)
  }
  visit(body)
  return [...files.values()]
}

/** A Markdown export and its images as one .zip: `name` (the .md) at the top, the images in their folder beside it. */
export async function markdownBundle(name: string, markdown: string, files: readonly MarkdownImageFile[]): Promise<Uint8Array> {
  const zip = new JSZip()
  zip.file(name, markdown)
  // Photos are compressed already: stored as they are.
  for (const { path, bytes } of files) zip.file(path, bytes, { compression: 'STORE' })
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' })
}
