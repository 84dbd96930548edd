import { readdirSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
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
    const type = TYPES[extname(relative)]
    if (relative.startsWith('..') || !type) return null
    return { body: await readFile(join(rendererDir, relative)), type }
  } catch {
    // A malformed escape, or no such file.
    return null
  }
}

/**
 * The built renderer's page, scripts and styles (not their source maps), read at once, by the URL path
 * that asks for each. A launch's page then gets them as soon as the back end's thread is free, even for
 * a moment, between the steps of loading its modules and opening the library; a file read on request
 * would wait for a free moment at each of its steps through the thread pool.
 */
export function preloadRendererFiles(rendererDir: string): Map<string, RendererFile> {
  const files = new Map<string, RendererFile>()
  for (const relative of readdirSync(rendererDir, { recursive: true, encoding: 'utf8' })) {
    const type = TYPES[extname(relative)]
    if (!type || relative.endsWith('.map')) continue
    const body = readFileSync(join(rendererDir, relative))
    const urlPath = `/${relative.split(sep).join('/')}`
    files.set(urlPath, { body, type })
    if (urlPath === '/index.html') files.set('/', { body, type })
  }
  return files
}
