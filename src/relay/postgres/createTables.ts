import type pg from 'pg'
import { inTransaction } from './inTransaction.js'

/**
 * Makes a store's tables if they are absent. Relays started together would otherwise fail: two
 * `create table if not exists` of one table at once can both try to make it, and one then fails on a
 * duplicate key in Postgres's catalog. So they take turns, under an advisory lock.
 */
export async function createTables(pool: pg.Pool, statements: string): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query("select pg_advisory_xact_lock(hashtext('casebook tables'))")
    await client.query(statements)
  })
}
