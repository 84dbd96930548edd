import { constants } from 'node:fs'
import { open } from 'node:fs/promises'
import { resolve } from 'node:path'
import { checkImage, MAX_IMAGE_BYTES } from '../../shared/model/checkImage.js'
import type { FoundImage } from '../../shared/export/markdownImages.js'
import { sha256 } from '../library/blobStore.js'

/** An image an import keeps: its bytes, which the library stores under `hash` before the document that names it. */
export interface ImportedImage {
  hash: string
  bytes: Uint8Array
}

/**
 * The images a Markdown file in `folder` gives by these paths (as written in it: relative to the
 * folder, URL-encoded or not), each read and checked (checkImage): what each path holds, and the
 * bytes of those that are images, each once. A path that leads to no regular file (none, a folder, a
 * device, a pipe) is `notFound`, and so is one that cannot be read; one whose file is not an image
 * Casebook keeps is `refused`. Neither fails the import: that image stays a link.
 */
export async function readImages(folder: string, paths: readonly string[]): Promise<{ found: Map<string, FoundImage>; images: ImportedImage[] }> {
  const found = new Map<string, FoundImage>()
  const images = new Map<string, ImportedImage>()
  for (const path of paths) {
    const bytes = await readRegularFile(resolve(folder, decoded(path)))
    if (typeof bytes === 'string') {
      found.set(path, { problem: bytes })
      continue
    }
    try {
      const image = checkImage(bytes)
      const hash = sha256(bytes)
      images.set(hash, { hash, bytes })
      found.set(path, { image: { blob: hash, ...image } })
    } catch {
      found.set(path, { problem: 'refused' })
    }
  }
  return { found, images: [...images.values()] }
}

/** `fig%201.png` is `fig 1.png`; a path that is not valid percent-encoding is taken as written. */
function decoded(path: string): string {
  try {
    return decodeURI(path)
  } catch {
    return path
  }
}

/**
 * The file's bytes if it is a regular file (a symbolic link to one will do) no larger than an image
 * may be. Opened without blocking, so that a pipe does not hang the import, and checked once open, so
 * that what is read is what was checked.
 */
async function readRegularFile(path: string): Promise<Uint8Array | 'notFound' | 'refused'> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch(() => null)
  if (!handle) return 'notFound'
  try {
    const info = await handle.stat()
    if (!info.isFile()) return 'notFound'
    if (info.size > MAX_IMAGE_BYTES) return 'refused'
    return await handle.readFile()
  } catch {
    return 'notFound'
  } finally {
    await handle.close()
  }
}
