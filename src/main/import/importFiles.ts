import { deferred, type Deferred } from '../../shared/deferred.js'
import { CasebookError } from '../../shared/errors.js'
import { inLanes } from '../../shared/inLanes.js'
import type { ImportOptions } from './convertFile.js'
import type { ImportedFile, Importer } from './importer.js'
import { readFileToImport } from './readFileToImport.js'
import type { ImportedImage } from './readImages.js'

export type FileImport = { path: string; file: ImportedFile } | { path: string; refused: CasebookError }

/**
 * Reads and converts files on several Importers at once (a worker each), and hands out, in the files'
 * order and `size` at a time, each document or why its file was refused. The conversion runs on over
 * all the files: a slow file holds up only the group it is in, while the other workers go on with the
 * next ones, up to two groups past those handed out (what waits is held in memory). Each Importer
 * keeps its limits for each file, and its worker for the next. Two lanes feed each Importer, so that
 * the next file is read, and waits in its queue, while one is converted: the worker does not wait for
 * the disk. Stopping early leaves the files under way to end when their Importers are closed. Each
 * file's images are handed to `keepImages` as soon as it is converted (the library stores them
 * before the document that names them), and let go of: a group waiting to be handed out holds no image.
 */
export async function* importFiles(
  importers: readonly Importer[],
  paths: readonly string[],
  options: ImportOptions,
  size: number,
  keepImages: (images: ImportedImage[]) => Promise<void>,
): AsyncGenerator<FileImport[]> {
  const results = new Map<number, FileImport>()
  const groups = Array.from({ length: Math.ceil(paths.length / size) }, (_, group) => ({ left: Math.min(size, paths.length - group * size), ...deferred() }))
  let handedOut = 0
  let room = deferred()
  let stopped = false
  const converting = inLanes(paths, 2 * importers.length, async (path, position, lane) => {
    while (!stopped && position >= (handedOut + 2) * size) await room.promise
    if (stopped) return
    const result: FileImport = await readFileToImport(path)
      .then((file) => (importers[lane % importers.length] as Importer).import(file, options))
      .then(
        async (file) => {
          await keepImages(file.images)
          return { path, file: { ...file, images: [] } }
        },
        (error: unknown) => {
          if (!(error instanceof CasebookError)) throw error
          return { path, refused: error }
        },
      )
    results.set(position, result)
    const group = groups[Math.floor(position / size)] as Group
    group.left -= 1
    if (!group.left) group.resolve()
  })
  try {
    for (const [index, group] of groups.entries()) {
      // Racing `converting` from the first group on also handles its failure while the caller is busy
      // with a group: it is thrown at the next one, never left unhandled.
      await Promise.race([group.promise, converting])
      const positions = Array.from({ length: Math.min(size, paths.length - index * size) }, (_, n) => index * size + n)
      const handed = positions.map((position) => results.get(position) as FileImport)
      for (const position of positions) results.delete(position)
      handedOut = index + 1
      room.resolve()
      room = deferred()
      yield handed
    }
  } finally {
    stopped = true
    room.resolve()
  }
}

type Group = { left: number } & Deferred<void>
