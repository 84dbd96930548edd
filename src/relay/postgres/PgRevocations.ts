import pg from 'pg'
import type { Revocations } from '../revocations.js'
import { createTables } from './createTables.js'
import { inTransaction } from './inTransaction.js'

/** The channel `casebook revoke` and the relay's own removals announce each revocation on. */
const CHANNEL = 'casebook_revoked'
/** How long the listener waits before connecting again after losing its connection, doubled at each failure up to the last. */
const FIRST_RETRY_MS = 100
const LAST_RETRY_MS = 3000

/**
 * The revoked invite tokens in Postgres, for several relay processes. Each revocation is announced
 * with NOTIFY in the transaction that stores it, so every relay listening hears of it at once; the
 * relay's poll of `revokedAfter` stays the backstop for an announcement missed while a listener was
 * reconnecting.
 */
export class PgRevocations implements Revocations {
  private readonly handlers: (() => void)[] = []
  /** The connection listening for announcements: its own, not the pool's, since LISTEN holds it for good. */
  private listener: pg.Client | null = null
  private retry: NodeJS.Timeout | null = null
  private retryMs = FIRST_RETRY_MS
  private closed = false

  private constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
  ) {}

  static async open(pool: pg.Pool, url: string): Promise<PgRevocations> {
    await createTables(
      pool,
      'create table if not exists revoked (id bigserial primary key, token_id text not null unique, revoked_at timestamptz not null default now())',
    )
    return new PgRevocations(pool, url)
  }

  /**
   * Stores the revocation and announces it, in one transaction. Revocations take turns (the table's
   * lock), so that their ids follow the order they commit in: a relay that has read up to one id
   * never misses a smaller one committed later.
   */
  async revoke(tokenId: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query('lock table revoked in exclusive mode')
      await client.query('insert into revoked (token_id) values ($1) on conflict do nothing', [tokenId])
      await client.query('select pg_notify($1, $2)', [CHANNEL, tokenId])
    })
  }

  async isRevoked(tokenId: string): Promise<boolean> {
    return (await this.pool.query('select 1 from revoked where token_id = $1', [tokenId])).rowCount === 1
  }

  async revokedAfter(cursor: number): Promise<{ cursor: number; tokenIds: string[] }> {
    const { rows } = await this.pool.query<{ id: string; token_id: string }>('select id, token_id from revoked where id > $1 order by id', [cursor])
    return { cursor: rows.length > 0 ? Number(rows.at(-1)!.id) : cursor, tokenIds: rows.map((row) => row.token_id) }
  }

  /**
   * Calls `then` at each announcement, and each time the listener has connected, the first time
   * included: a revocation announced while it was not listening is then found by the caller's next read.
   */
  onRevoked(then: () => void): void {
    this.handlers.push(then)
    if (!this.listener && !this.retry) this.listen()
  }

  /** Stops listening. */
  async close(): Promise<void> {
    this.closed = true
    if (this.retry) clearTimeout(this.retry)
    const listener = this.listener
    this.listener = null
    await listener?.end().catch(() => {})
  }

  private listen(): void {
    this.retry = null
    if (this.closed) return
    // Keep-alive, so that a connection whose far end vanished without closing it is found lost too.
    const client = new pg.Client({ connectionString: this.url, application_name: 'casebook revocations', keepAlive: true })
    this.listener = client
    client.on('notification', () => this.announce())
    client.on('error', () => this.lost(client))
    client.on('end', () => this.lost(client))
    client
      .connect()
      .then(() => client.query(`listen ${CHANNEL}`))
      .then(
        () => {
          if (this.listener !== client) return
          this.retryMs = FIRST_RETRY_MS
          this.announce()
        },
        () => this.lost(client),
      )
  }

  /** Connects again after a wait, unless this connection was given up already (or closed). */
  private lost(client: pg.Client): void {
    if (this.listener !== client) return
    this.listener = null
    client.end().catch(() => {})
    if (this.closed) return
    this.retry = setTimeout(() => this.listen(), this.retryMs)
    this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS)
  }

  private announce(): void {
    for (const then of this.handlers) then()
  }
}
