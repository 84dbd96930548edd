import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import log from 'electron-log/main'
import { LOG_DIR, LOG_FILE, LOG_MAX_BYTES, type AppLog, type LogDetails } from '../log/appLog.js'
import { withoutTokens } from '../log/withoutTokens.js'
import { PRIVATE_DIR, PRIVATE_FILE } from '../privateDataDir.js'

/**
 * The desktop app's log, with electron-log: `<data dir>/logs/casebook.log`, for its owner only, moved
 * to casebook.old.log (electron-log's rotation) once it passes LOG_MAX_BYTES, with any token taken out. Nothing goes to the
 * console of a packaged app, which nobody reads.
 */
export function electronLog(dataDir: string): AppLog {
  const dir = join(dataDir, LOG_DIR)
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR })
  log.transports.file.resolvePathFn = () => join(dir, LOG_FILE)
  log.transports.file.writeOptions = { flag: 'a', mode: PRIVATE_FILE, encoding: 'utf8' }
  log.transports.file.maxSize = LOG_MAX_BYTES
  log.transports.console.level = false
  const write =
    (level: 'error' | 'warn') =>
    (message: string, { error, ...about }: LogDetails = {}) => {
      const context = Object.entries(about).map(([key, value]) => `${key}=${value}`)
      // As text, so that any token in it can be taken out (an error object electron-log would write whole).
      const details = error === undefined ? [] : [errorText(error)]
      log[level](...[message, ...context, ...details].map(withoutTokens))
    }
  return { error: write('error'), warn: write('warn'), close: async () => {} }
}

/** An error as text: its code, if it has one, and its stack. */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return JSON.stringify(error) ?? String(error)
  const code = (error as { code?: unknown }).code
  return `${typeof code === 'string' ? `[${code}] ` : ''}${error.stack ?? String(error)}`
}
