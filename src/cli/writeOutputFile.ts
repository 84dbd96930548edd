import type { Stats } from 'node:fs'
import { lstat, realpath, writeFile } from 'node:fs/promises'
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import { CasebookError } from '../shared/errors.js'
import { describeFsError } from '../main/fsErrors.js'
import { writeFileAtomic } from '../main/atomicFile.js'

export interface OutputFileOptions {
  /** Replace a file that is already there. */
  force: boolean
  /** A folder the output must not land in: the data directory, whose files Casebook alone writes. */
  forbidden: string
}

/**
 * Writes a user's output file whole or not at all, so a failure never leaves half a file behind. An
 * existing file is replaced only with `force`, and keeps its permissions; a new one gets the usual
 * mode (0666 less the umask), being the user's own file. A symbolic link at the target is refused
 * rather than followed, and so is any path that resolves into the data directory.
 * With `force`, a device or pipe is written to directly, since it cannot be replaced.
 */
export async function writeOutputFile(path: string, data: string | Uint8Array, { force, forbidden }: OutputFileOptions): Promise<void> {
  let existing: Stats | null
  try {
    existing = await lstat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null
      throw error
    })
    if (existing?.isSymbolicLink()) throw new CasebookError('OUTPUT_REFUSED', `Cannot write ${path}: it is a symbolic link; give the path of the file itself.`)
    if (existing?.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' })
    if (existing && !force) throw alreadyThere(path)
    const real = resolve(await realpath(dirname(path)), basename(path))
    if (isInside(real, await realpath(forbidden).catch(() => resolve(forbidden)))) {
      throw new CasebookError('OUTPUT_REFUSED', `Cannot write ${path}: it is inside Casebook's data directory, whose files only Casebook may change.`)
    }
    if (existing && !existing.isFile()) await writeFile(real, data)
    else await writeFileAtomic(real, data, existing ? { mode: existing.mode & 0o7777 } : { mode: 'usual', exclusive: true })
  } catch (error) {
    if (error instanceof CasebookError) throw error
    const code = (error as NodeJS.ErrnoException).code
    // Another program created the file between the check and the write.
    if (code === 'EEXIST') throw alreadyThere(path)
    const problem = code === 'ENOENT' ? 'its folder does not exist' : describeFsError(error)
    throw new CasebookError('WRITE_FAILED', `Cannot write ${path}: ${problem}.`, { cause: error })
  }
}

function alreadyThere(path: string): CasebookError {
  return new CasebookError('OUTPUT_EXISTS', `${path} already exists; add --force to replace it.`)
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path)
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)
}
