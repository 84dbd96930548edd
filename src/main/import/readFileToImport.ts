import { readFile, stat } from 'node:fs/promises'
import { basename, dirname, resolve } from 'node:path'
import { CasebookError } from '../../shared/errors.js'
import { checkImportable } from '../../shared/ipc/importableFile.js'
import type { FileToImport } from './convertFile.js'

/** Reads a file to import, checking its size before reading it; every problem names the file. Its folder is where a Markdown file's images are read. */
export async function readFileToImport(path: string): Promise<FileToImport> {
  const name = basename(path)
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => unreadable(name, error))
  if (info.isDirectory())
    throw new CasebookError('UNREADABLE_FILE', `${name}: It is a folder, not a file.`, {
      reason: 'folder',
      params: { name },
    })
  checkImportable(name, info.size)
  return { name, bytes: await readFile(path).catch((error: NodeJS.ErrnoException) => unreadable(name, error)), folder: dirname(resolve(path)) }
}

function unreadable(name: string, error: NodeJS.ErrnoException): never {
  const missing = error.code === 'ENOENT'
  const problem = missing
    ? 'There is no such file.'
    : error.code === 'EACCES'
      ? 'It cannot be read (permission denied).'
      : `It cannot be read (${error.message}).`
  throw new CasebookError('UNREADABLE_FILE', `${name}: ${problem}`, { cause: error, reason: missing ? 'missing' : 'unreadable', params: { name } })
}
