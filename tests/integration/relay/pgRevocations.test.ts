import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { PgRevocations } from '../../../src/relay/postgres/PgRevocations.js'
import { eventually } from '../../helpers/eventually.js'
import { usePostgres } from '../../helpers/postgresServer.js'

describe('revocations in Postgres', () => {
  const postgres = usePostgres('revoked')

  /** A pool of its own, as each relay process and each `casebook revoke` has. */
  const pool = () => postgres.pool()

  async function revocations(): Promise<PgRevocations> {
    const revocations = await PgRevocations.open(await pool(), postgres.url)
    postgres.closeAfter(() => revocations.close())
    return revocations
  }

  /** Counts the calls of onRevoked, and resolves once the listener has connected (it calls once then). */
  async function listening(revocations: PgRevocations): Promise<{ calls: number }> {
    const heard = { calls: 0 }
    revocations.onRevoked(() => (heard.calls += 1))
    await eventually(() => heard.calls === 1, 'the listener has connected')
    return heard
  }

  async function listenerPids(db: pg.Pool): Promise<number[]> {
    const { rows } = await db.query<{ pid: number }>("select pid from pg_stat_activity where application_name = 'casebook revocations'")
    return rows.map((row) => row.pid)
  }

  it('store each token once, and give those revoked after a cursor, oldest first', async () => {
    const store = await revocations()
    await store.revoke('ana')
    await store.revoke('ana')
    await store.revoke('bo')
    const db = await pool()
    expect((await db.query('select token_id from revoked order by id')).rows).toEqual([{ token_id: 'ana' }, { token_id: 'bo' }])
    expect([await store.isRevoked('ana'), await store.isRevoked('chidi')]).toEqual([true, false])

    const first = await store.revokedAfter(0)
    expect(first.tokenIds).toEqual(['ana', 'bo'])
    expect(await store.revokedAfter(first.cursor)).toEqual({ cursor: first.cursor, tokenIds: [] })
    await store.revoke('chidi')
    const next = await store.revokedAfter(first.cursor)
    expect(next.tokenIds).toEqual(['chidi'])
    expect(next.cursor).toBeGreaterThan(first.cursor)
    expect((await store.revokedAfter(0)).tokenIds).toEqual(['ana', 'bo', 'chidi'])
  })

  it("tell every listener of another process's revocation within a second, by NOTIFY, and stop listening when closed", async () => {
    const relay = await revocations()
    const heard = await listening(relay)
    // `casebook revoke`, with a pool of its own.
    await (await revocations()).revoke('ana')
    await eventually(() => heard.calls === 2, 'the listener hears of the revocation', 1000)

    const db = await pool()
    expect(await listenerPids(db)).toHaveLength(1)
    await relay.close()
    await eventually(async () => (await listenerPids(db)).length === 0, 'the listener has disconnected')
  })

  it('listen again when the connection breaks, telling the listener once reconnected, and hear what follows', async () => {
    const relay = await revocations()
    const heard = await listening(relay)
    const db = await pool()
    const [pid] = await listenerPids(db)
    await db.query('select pg_terminate_backend($1)', [pid])

    // A revocation may have been announced while it was away: the relay should read them again.
    await eventually(() => heard.calls === 2, 'the listener says it has reconnected')
    const pids = await listenerPids(db)
    expect(pids).toHaveLength(1)
    expect(pids[0]).not.toBe(pid)
    await (await revocations()).revoke('bo')
    await eventually(() => heard.calls === 3, 'the listener hears of the revocation', 1000)
  })

  it('number revocations in the order they commit, so that a cursor never passes one committed later', async () => {
    const store = await revocations()
    // A writer that took its id first and has not committed yet.
    const slow = new pg.Client({ connectionString: postgres.url })
    await slow.connect()
    postgres.closeAfter(() => slow.end())
    await slow.query('begin')
    await slow.query("insert into revoked (token_id) values ('ana')")

    const revoking = store.revoke('bo')
    const db = await pool()
    // Until the revocation either waits for the slow writer or commits before it.
    await eventually(async () => {
      const waiting = await db.query("select 1 from pg_stat_activity where wait_event_type = 'Lock'")
      const committed = await db.query("select 1 from revoked where token_id = 'bo'")
      return waiting.rowCount! + committed.rowCount! > 0
    }, 'the revocation has waited or committed')
    const seen = await store.revokedAfter(0)
    await slow.query('commit')
    await revoking
    const later = await store.revokedAfter(seen.cursor)
    expect([...seen.tokenIds, ...later.tokenIds]).toEqual(['ana', 'bo'])
  })
})
