import { open, type FileHandle } from 'node:fs/promises'

/**
 * Runs `during` and counts the fdatasync calls made meanwhile in this process. Each group commit of
 * a document's log ends in one (and so does a compaction, which empties the log).
 */
export async function countDatasyncs<T>(during: () => Promise<T>): Promise<{ result: T; datasyncs: number }> {
  const probe = await open(import.meta.filename, 'r')
  const prototype = Object.getPrototypeOf(probe) as FileHandle
  await probe.close()
  const original = prototype.datasync
  let datasyncs = 0
  prototype.datasync = function (this: FileHandle) {
    datasyncs += 1
    return original.call(this)
  }
  try {
    return { result: await during(), datasyncs }
  } finally {
    prototype.datasync = original
  }
}
