import { CasebookError } from '../shared/errors.js'

const PLAIN: Record<string, string> = {
  ENOENT: 'it does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EIO: 'the disk reported an input/output error',
  EISDIR: 'it is a folder',
  ENOTDIR: 'part of the path is not a folder',
  EEXIST: 'something is already there',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many files are open',
}

/** A file-system error in plain words, without the temporary paths Node puts in its messages. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return (code && PLAIN[code]) ?? (code ? `the system reported ${code}` : (error as Error).message)
}

export function isFsError(error: unknown): error is NodeJS.ErrnoException {
  return typeof (error as NodeJS.ErrnoException | undefined)?.code === 'string' && (error as NodeJS.ErrnoException).code!.startsWith('E')
}

/** Which of STORAGE_FAILED's sentences the window says for a failure: a full disk has its own. */
export function storageReason(error: unknown): 'diskFull' | 'failed' {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOSPC' ? 'diskFull' : 'failed'
}

/** Turns a file-system failure while saving into a STORAGE_FAILED error that says what could not be done. */
export function storageError(error: unknown, what: string): unknown {
  if (!isFsError(error)) return error
  return new CasebookError('STORAGE_FAILED', `Could not ${what}: ${describeFsError(error)}.`, { cause: error, reason: storageReason(error) })
}
