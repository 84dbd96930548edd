import { CasebookError } from '../../shared/errors.js'
import { inLanes } from '../../shared/inLanes.js'
import type { ImportOptions } from './convertFile.js'
import type { ImportedFile, Importer } from './importer.js'
import { readFileToImport } from './readFileToImport.js'

export type FileImport = { path: string; file: ImportedFile } | { path: string; refused: CasebookError }

/**
 * Reads and converts files on several Importers at once (a worker each), and returns, in the files'
 * order, each document or why its file was refused. Each Importer keeps its limits for each file,
 * and its worker for the next. Two lanes feed each Importer, so that the next file is read, and
 * waits in its queue, while one is converted: the worker does not wait for the disk.
 */
export async function importFiles(importers: readonly Importer[], paths: readonly string[], options: ImportOptions): Promise<FileImport[]> {
  const results: FileImport[] = []
  await inLanes(paths, 2 * importers.length, async (path, position, lane) => {
    results[position] = await readFileToImport(path)
      .then((file) => (importers[lane % importers.length] as Importer).import(file, options))
      .then(
        (file) => ({ path, file }),
        (error: unknown) => {
          if (!(error instanceof CasebookError)) throw error
          return { path, refused: error }
        },
      )
  })
  return results
}
