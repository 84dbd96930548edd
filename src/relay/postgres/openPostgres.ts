import pg from 'pg'
import { CasebookError } from '../../shared/errors.js'

/**
 * A pool of connections to the Postgres given by --postgres, checked to answer before the relay
 * listens: a wrong address is said at once, not at the first client.
 */
export async function openPostgres(url: string): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  // An idle connection that breaks must not take the relay down; the next query gets a new one.
  pool.on('error', () => {})
  try {
    await pool.query('select 1')
  } catch (error) {
    await pool.end()
    throw new CasebookError('STORAGE_FAILED', `Could not reach Postgres at ${redacted(url)}: ${(error as Error).message}`)
  }
  return pool
}

/** The address without its password, for messages and logs. */
export function redacted(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'the address given'
  }
}
