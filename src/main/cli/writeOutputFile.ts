import { CasebookError } from '../../shared/errors.js'
import { writeFileAtomic } from '../library/atomicFile.js'

/** Writes a user's output file whole or not at all, so a failure never leaves half a file behind. */
export async function writeOutputFile(path: string, data: string): Promise<void> {
  try {
    await writeFileAtomic(path, data)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const problem =
      code === 'ENOENT' ? 'its folder does not exist' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message
    throw new CasebookError('WRITE_FAILED', `Cannot write ${path}: ${problem}.`, { cause: error })
  }
}
