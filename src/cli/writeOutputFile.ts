import { realpath, stat, writeFile } from 'node:fs/promises'
import { CasebookError } from '../shared/errors.js'
import { describeFsError } from '../main/fsErrors.js'
import { writeFileAtomic } from '../main/library/atomicFile.js'

/**
 * Writes a user's output file whole or not at all, so a failure never leaves half a file behind. A
 * symbolic link is followed rather than replaced, and a device or pipe (/dev/stdout) is written to
 * directly, since it cannot be replaced.
 */
export async function writeOutputFile(path: string, data: string): Promise<void> {
  try {
    const target = await realpath(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return path
      throw error
    })
    const info = await stat(target).catch(() => null)
    if (info?.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' })
    if (info && !info.isFile()) await writeFile(target, data)
    else await writeFileAtomic(target, data)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const problem = code === 'ENOENT' ? 'its folder does not exist' : describeFsError(error)
    throw new CasebookError('WRITE_FAILED', `Cannot write ${path}: ${problem}.`, { cause: error })
  }
}
