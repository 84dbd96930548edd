import { chmodSync, copyFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { CasebookError } from '../shared/errors.js'
import { makePrivateDataDir, PRIVATE_FILE } from './privateDataDir.js'
import { PREVIOUS_SECRET_FILE, SECRET_FILE } from './secret.js'

const STORE_FILE = 'relay.sqlite'
/** The backup's notes for the two keys' files. */
const KEY_FILES = { secret: SECRET_FILE, previousSecret: PREVIOUS_SECRET_FILE } as const
/** Where a backup keeps what is not in the store: when it was made, and the key invites are signed with. */
const BACKUP_TABLE = 'casebook_relay_backup'
/** SQLite's backup copies this many pages a step at most: all of them, in one read transaction. */
const ALL_PAGES = 0x7fffffff

export interface BackupMade {
  /** The store's size in SQLite pages. */
  pages: number
  /** Whether the backup holds the signing secret: not when it comes from CASEBOOK_RELAY_SECRET. */
  secret: boolean
}

/**
 * One file that holds the relay's store, copied while the relay runs, and the key its invites are
 * signed with: SQLite's online backup, all pages in one step, so that it is one consistent moment of
 * the store (a backup made a step at a time starts again whenever the relay writes meanwhile, which
 * under load may be for ever). Every update acknowledged before it started is in it. Written beside
 * `out` and renamed, readable by its owner only: it holds every network's documents.
 */
export async function backupRelay(dataDir: string, out: string): Promise<BackupMade> {
  const store = join(dataDir, STORE_FILE)
  if (!existsSync(store)) throw new CasebookError('USAGE', `There is no relay data in ${dataDir}; give --data.`)
  if (existsSync(out)) throw new CasebookError('OUTPUT_EXISTS', `${out} already exists; a backup never replaces a file.`)
  const partial = `${out}.partial-${process.pid}`
  try {
    const source = new Database(store, { fileMustExist: true })
    let pages: number
    try {
      source.pragma('busy_timeout = 5000')
      pages = (await source.backup(partial, { progress: () => ALL_PAGES })).totalPages
    } finally {
      source.close()
    }
    const keys = Object.entries(KEY_FILES).flatMap(([note, file]) => {
      const path = join(dataDir, file)
      return existsSync(path) ? [[note, readFileSync(path, 'utf8').trim()] as const] : []
    })
    const copy = new Database(partial)
    try {
      // One self-contained file, which a read-only look (restore's check) can open with nothing beside it.
      copy.pragma('journal_mode = DELETE')
      copy.exec(`create table ${BACKUP_TABLE} (key text primary key, value text not null)`)
      const note = copy.prepare(`insert into ${BACKUP_TABLE} (key, value) values (?, ?)`)
      note.run('madeAt', new Date().toISOString())
      for (const [key, value] of keys) note.run(key, value)
    } finally {
      copy.close()
    }
    chmodSync(partial, PRIVATE_FILE)
    renameSync(partial, out)
    return { pages, secret: keys.some(([key]) => key === 'secret') }
  } catch (error) {
    rmSync(partial, { force: true })
    throw error
  }
}

/**
 * Restores a backup into a data directory that holds no relay's data yet, so that nothing is
 * replaced: the store, and the signing secret if the backup holds it, so that the invites given out
 * still work. A file that is not such a backup is refused, and the directory left as it was.
 */
export function restoreRelay(backup: string, dataDir: string): { madeAt: string; secret: boolean } {
  if (!existsSync(backup)) throw new CasebookError('UNREADABLE_FILE', `There is no backup ${backup}.`)
  if ([STORE_FILE, ...Object.values(KEY_FILES)].some((file) => existsSync(join(dataDir, file))))
    throw new CasebookError('USAGE', `${dataDir} already holds a relay's data; restore into a new directory, so that nothing is replaced.`)
  const notes = readNotes(backup)
  makePrivateDataDir(dataDir)
  const partial = join(dataDir, `${STORE_FILE}.partial-${process.pid}`)
  const written: string[] = []
  try {
    copyFileSync(backup, partial)
    chmodSync(partial, PRIVATE_FILE)
    const copy = new Database(partial)
    try {
      copy.exec(`drop table ${BACKUP_TABLE}`)
    } finally {
      copy.close()
    }
    for (const [note, file] of Object.entries(KEY_FILES)) {
      const key = notes.get(note)
      if (!key) continue
      writeFileSync(join(dataDir, file), key, { mode: PRIVATE_FILE, flag: 'wx' })
      written.push(join(dataDir, file))
    }
    renameSync(partial, join(dataDir, STORE_FILE))
    return { madeAt: notes.get('madeAt')!, secret: notes.has('secret') }
  } catch (error) {
    for (const path of [partial, ...written]) rmSync(path, { force: true })
    throw error
  }
}

/** The backup's notes (madeAt, and the keys it holds), once it is known to be a relay backup. */
function readNotes(backup: string): Map<string, string> {
  const notBackup = (why: string) => new CasebookError('INVALID_FILE', `${backup} is not a relay backup made by casebook relay backup: ${why}.`)
  let db: Database.Database
  try {
    db = new Database(backup, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw notBackup((error as Error).message)
  }
  try {
    const notes = new Map(
      db
        .prepare<[], { key: string; value: string }>(`select key, value from ${BACKUP_TABLE}`)
        .all()
        .map(({ key, value }) => [key, value]),
    )
    for (const table of ['snapshots', 'updates', 'revoked', 'changes'])
      if (!db.prepare('select 1 from sqlite_master where type = ? and name = ?').get('table', table)) throw notBackup(`it has no ${table} table`)
    if (!notes.get('madeAt')) throw notBackup('it does not say when it was made')
    return notes
  } catch (error) {
    if (error instanceof CasebookError) throw error
    throw notBackup((error as Error).message)
  } finally {
    db.close()
  }
}
