/**
 * Where the back end writes what went wrong where nobody was waiting for an answer (a background
 * sync, a kept-out change, a bug behind a request), so that the user, or whoever helps them, can read
 * it later. `<data dir>/logs/casebook.log` in both shells: a file of its own under Node
 * (fileLog.ts), electron-log in the desktop app (electron/electronLog.ts).
 */
export interface AppLog {
  error(message: string, details?: LogDetails): void
  warn(message: string, details?: LogDetails): void
  /** Writes out what is pending; nothing is logged after. */
  close(): Promise<void>
}

/** What a line is about; an `error` is written with its code and stack. */
export interface LogDetails {
  document?: string
  network?: string
  /** An image, by its hash: the log holds no image, as it holds no document's content. */
  image?: string
  error?: unknown
}

export const LOG_DIR = 'logs'
export const LOG_FILE = 'casebook.log'
/** The log before its last rotation: the one before that is dropped. */
export const OLD_LOG_FILE = 'casebook.old.log'
/** Past this size the log is rotated, so that the two files hold at most about twice this much. */
export const LOG_MAX_BYTES = 1 << 20
