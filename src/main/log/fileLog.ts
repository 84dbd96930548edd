import { closeSync, openSync, renameSync, statSync, writeSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import pino from 'pino'
import { PRIVATE_DIR, PRIVATE_FILE } from '../privateDataDir.js'
import { LOG_DIR, LOG_FILE, LOG_MAX_BYTES, OLD_LOG_FILE, type AppLog, type LogDetails } from './appLog.js'
import { withoutTokens } from './withoutTokens.js'

/**
 * The log as a file in the data directory, for the browser shell (and the tests): JSON lines from
 * pino in `<data dir>/logs/casebook.log`, for its owner only (0600, in a 0700 folder, like the rest of
 * the data directory), with any token taken out (withoutTokens.ts). Once a line would take it past `maxBytes` it becomes casebook.old.log, replacing
 * the one before, and a new file is started, so the log never holds much more than twice `maxBytes`.
 * Lines are written at once, synchronously: they are few (failures), and each is on disk before the
 * next thing happens, even if the process then ends.
 */
export async function openFileLog(dataDir: string, { maxBytes = LOG_MAX_BYTES }: { maxBytes?: number } = {}): Promise<AppLog> {
  const dir = join(dataDir, LOG_DIR)
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR })
  const file = new CappedFile(join(dir, LOG_FILE), join(dir, OLD_LOG_FILE), maxBytes)
  const logger = pino({ base: null, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } }, file)
  const write =
    (level: 'error' | 'warn') =>
    (message: string, { error, ...about }: LogDetails = {}) =>
      logger[level]({ ...about, ...(error === undefined ? {} : { err: error }) }, message)
  return {
    error: write('error'),
    warn: write('warn'),
    close: async () => file.close(),
  }
}

/** An append-only file that is moved aside once it would pass its cap. */
class CappedFile {
  private fd: number
  private size: number

  constructor(
    private readonly path: string,
    private readonly oldPath: string,
    private readonly maxBytes: number,
  ) {
    this.fd = openSync(path, 'a', PRIVATE_FILE)
    this.size = statSync(path).size
  }

  write(line: string): void {
    const bytes = Buffer.from(withoutTokens(line))
    if (this.size > 0 && this.size + bytes.byteLength > this.maxBytes) this.rotate()
    writeSync(this.fd, bytes)
    this.size += bytes.byteLength
  }

  close(): void {
    closeSync(this.fd)
  }

  private rotate(): void {
    closeSync(this.fd)
    renameSync(this.path, this.oldPath)
    this.fd = openSync(this.path, 'a', PRIVATE_FILE)
    this.size = 0
  }
}
