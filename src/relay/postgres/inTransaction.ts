import type pg from 'pg'

/**
 * Runs `work` on one connection of the pool between BEGIN and COMMIT, and resolves once the COMMIT
 * has: with synchronous_commit on (Postgres's default), once it is durable. Rolls back if `work` throws.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  let broken = false
  try {
    await client.query('begin')
    const result = await work(client)
    await client.query('commit')
    return result
  } catch (error) {
    // A connection that cannot even roll back is not given back to the pool.
    await client.query('rollback').catch(() => (broken = true))
    throw error
  } finally {
    client.release(broken)
  }
}
