import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.png': 'image/png',
}

export interface RendererFile {
  body: Buffer
  type: string
}

/**
 * A file of the built renderer (dist/renderer), by the path a page asked for, with its content type;
 * null for anything else, a path that climbs out of the folder included. Both shells serve it this way.
 */
export async function readRendererFile(rendererDir: string, urlPath: string): Promise<RendererFile | null> {
  try {
    const relative = normalize(urlPath === '/' ? 'index.html' : decodeURIComponent(urlPath).replace(/^\/+/, ''))
    const type = typeOf(relative)
    if (!type) return null
    return { body: await readFile(join(rendererDir, relative)), type }
  } catch {
    // A malformed escape, or no such file.
    return null
  }
}

/**
 * The built renderer's page and what it loads as it starts (the scripts and styles index.html names),
 * read at once, by the URL path that asks for each. A launch's page then gets them as soon as the back
 * end's thread is free, even for a moment, between the steps of loading its modules and opening the
 * library; a file read on request would wait for a free moment at each of its steps through the
 * thread pool. Anything else (a language's catalog, a source map), and everything when the renderer
 * is not built, is left to readRendererFile.
 */
export function preloadRendererFiles(rendererDir: string): Map<string, RendererFile> {
  const files = new Map<string, RendererFile>()
  const read = (relative: string) => {
    const type = typeOf(normalize(relative))
    if (!type) return
    try {
      files.set(`/${relative}`, { body: readFileSync(join(rendererDir, relative)), type })
    } catch {
      // Not there: asked for, it is answered as readRendererFile answers.
    }
  }
  read('index.html')
  const page = files.get('/index.html')
  if (!page) return files
  files.set('/', page)
  for (const [, named] of page.body.toString('utf8').matchAll(/(?:src|href)="([^":]+)"/g)) read(named!)
  return files
}

/** What a file of the renderer at `relative` (normalised) is served as; null for one outside its folder, or of a kind it does not serve. */
function typeOf(relative: string): string | null {
  return relative.startsWith('..') ? null : (TYPES[extname(relative)] ?? null)
}
