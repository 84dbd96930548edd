import pg from 'pg'
import * as Y from 'yjs'
import { RelayStore } from '../../src/relay/store.js'
import type { RelayProcess } from './relay.js'

/**
 * What a relay has stored of a room (its snapshot and updates), read from its own store, SQLite or
 * Postgres; null when nothing is: so that a check that something was not stored reads where it would be.
 */
export async function storedDoc(relay: Pick<RelayProcess, 'dataDir' | 'postgres'>, room: string): Promise<Y.Doc | null> {
  const parts = relay.postgres ? await fromPostgres(relay.postgres, room) : fromSqlite(relay.dataDir, room)
  if (parts.length === 0) return null
  const doc = new Y.Doc()
  for (const part of parts) Y.applyUpdate(doc, part)
  return doc
}

function fromSqlite(dataDir: string, room: string): Uint8Array[] {
  const store = new RelayStore(dataDir)
  try {
    const { snapshot, updates } = store.load(room)
    return snapshot ? [snapshot, ...updates] : updates
  } finally {
    store.close()
  }
}

async function fromPostgres(url: string, room: string): Promise<Uint8Array[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    // A relay that never stored anything has no tables yet.
    const tables = await client.query("select 1 from pg_tables where tablename = 'updates'")
    if (tables.rowCount === 0) return []
    const snapshot = await client.query<{ state: Buffer }>('select state from snapshots where room = $1', [room])
    const updates = await client.query<{ data: Buffer }>('select data from updates where room = $1 order by id', [room])
    return [...snapshot.rows.map((row) => row.state), ...updates.rows.map((row) => row.data)]
  } finally {
    await client.end()
  }
}
