import { readFile } from 'node:fs/promises'

/**
 * assets/export.css, which every HTML export (and so every PDF) inlines. Found from this module's
 * file: src/main/export/ when run from source, dist/cli/ or dist/electron/ once bundled.
 */
const STYLESHEET = import.meta.url.endsWith('.ts')
  ? new URL('../../../assets/export.css', import.meta.url)
  : new URL('../../assets/export.css', import.meta.url)

export function exportStylesheet(): Promise<string> {
  return readFile(STYLESHEET, 'utf8')
}
