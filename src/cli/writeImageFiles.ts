import { mkdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { MarkdownImageFile } from '../main/export/markdownBundle.js'
import { CasebookError } from '../shared/errors.js'
import { describeFsError } from '../main/fsErrors.js'
import { type OutputFileOptions, writeOutputFile } from './writeOutputFile.js'

/**
 * A Markdown export's images, written in their folder beside it (`folder`), as writeOutputFile writes
 * a file. Each is named by its content's hash, so one already there with the same bytes, from an
 * earlier export, is left as it is, and several exports into one folder share their images.
 */
export async function writeImageFiles(folder: string, files: readonly MarkdownImageFile[], options: OutputFileOptions): Promise<void> {
  for (const { path, bytes } of files) {
    const target = join(folder, path)
    await mkdir(dirname(target), { recursive: true }).catch((error: unknown) => {
      throw new CasebookError('WRITE_FAILED', `Cannot write ${target}: ${describeFsError(error)}.`, { cause: error })
    })
    const there = await readFile(target).catch(() => null)
    if (there?.equals(bytes)) continue
    await writeOutputFile(target, bytes, options)
  }
}
