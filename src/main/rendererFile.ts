import { readFile } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
}

/**
 * A file of the built renderer (dist/renderer), by the path a page asked for, with its content type;
 * null for anything else, a path that climbs out of the folder included. Both shells serve it this way.
 */
export async function readRendererFile(rendererDir: string, urlPath: string): Promise<{ body: Buffer; type: string } | null> {
  try {
    const relative = normalize(urlPath === '/' ? 'index.html' : decodeURIComponent(urlPath).replace(/^\/+/, ''))
    const type = TYPES[extname(relative)]
    if (relative.startsWith('..') || !type) return null
    return { body: await readFile(join(rendererDir, relative)), type }
  } catch {
    // A malformed escape, or no such file.
    return null
  }
}
