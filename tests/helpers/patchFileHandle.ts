import { open, type FileHandle } from 'node:fs/promises'

/**
 * Replaces one method of Node's FileHandle for the rest of a test, so that real file operations can be
 * slowed, observed or failed. Returns the function that puts the original back.
 */
export async function patchFileHandle<K extends 'datasync' | 'sync' | 'write' | 'writeFile' | 'truncate'>(
  method: K,
  replace: (original: FileHandle[K]) => FileHandle[K],
): Promise<() => void> {
  const probe = await open(import.meta.filename, 'r')
  const prototype = Object.getPrototypeOf(probe) as FileHandle
  await probe.close()
  const original = prototype[method]
  prototype[method] = replace(original)
  return () => {
    prototype[method] = original
  }
}
