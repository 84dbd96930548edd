import type pg from 'pg'
import { randomCode } from '../randomCode.js'
import type { Guest, NewWorkshop, Workshop } from '../workshopStore.js'
import { workshopEnd } from '../workshopStore.js'
import type { Workshops } from '../workshops.js'
import { createTables } from './createTables.js'
import { inTransaction } from './inTransaction.js'

// Times are milliseconds since the epoch, as in WorkshopStore; Postgres returns bigints as strings.
interface WorkshopRow {
  code: string
  network: string
  document: string
  started_at: string
  ends_at: string
  ended_at: string | null
  started_by: string
  title: string | null
}

interface GuestRow {
  token_id: string
  name: string
  city: string | null
  joined_at: string
}

/**
 * The workshops and their guests in Postgres, for several relay processes: WorkshopStore's tables and
 * rules. A removed guest stays, marked, so that it no longer counts toward the capacity; a workshop
 * stays after it ends, so that its code says when it ended.
 */
export class PgWorkshops implements Workshops {
  private constructor(private readonly pool: pg.Pool) {}

  static async open(pool: pg.Pool): Promise<PgWorkshops> {
    // `seq` orders guests who joined in the same millisecond as they were seated, as SQLite's rowid does.
    await createTables(
      pool,
      `
      create table if not exists workshops (
        code text primary key, network text not null, document text not null,
        started_at bigint not null, ends_at bigint not null, ended_at bigint, started_by text not null, title text
      );
      create table if not exists workshop_guests (
        token_id text primary key, code text not null, name text not null, city text,
        joined_at bigint not null, removed_at bigint, seq bigint generated always as identity
      );
      create index if not exists workshop_guests_by_code on workshop_guests (code, joined_at);
    `,
    )
    return new PgWorkshops(pool)
  }

  /**
   * Records a new workshop under a code no other workshop has had. It ends on the whole second before
   * `endsAt`: its session tokens expire then, and a token's expiry is in seconds.
   */
  async start(workshop: NewWorkshop): Promise<Workshop> {
    const { network, document, startedAt, startedBy, title } = workshop
    const endsAt = Math.floor(workshop.endsAt / 1000) * 1000
    for (;;) {
      const code = randomCode()
      const inserted = await this.pool.query(
        'insert into workshops (code, network, document, started_at, ends_at, started_by, title) values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing',
        [code, network, document, startedAt, endsAt, startedBy, title ?? null],
      )
      if (inserted.rowCount === 1) return { code, network, document, startedAt, endsAt, endedAt: null, startedBy, ...(title ? { title } : {}) }
    }
  }

  async find(code: string): Promise<Workshop | null> {
    return workshopOf((await this.pool.query<WorkshopRow>('select * from workshops where code = $1', [code])).rows[0])
  }

  async end(code: string, at: number): Promise<void> {
    await this.pool.query('update workshops set ended_at = $1 where code = $2 and ended_at is null and ends_at > $1', [at, code])
  }

  /**
   * Records a guest, in one transaction with the checks that the workshop has not ended and is not
   * full (of guests not removed). The workshop's row is locked first, so that relays seating guests
   * at once take turns, and cannot together pass the capacity.
   */
  seat(code: string, guest: Guest, capacity: number): Promise<'workshopEnded' | 'workshopFull' | null> {
    return inTransaction(this.pool, async (client) => {
      const workshop = workshopOf((await client.query<WorkshopRow>('select * from workshops where code = $1 for update', [code])).rows[0])
      if (!workshop || workshopEnd(workshop) <= guest.joinedAt) return 'workshopEnded'
      const { rows } = await client.query<{ seated: string }>('select count(*) as seated from workshop_guests where code = $1 and removed_at is null', [code])
      if (Number(rows[0]?.seated ?? 0) >= capacity) return 'workshopFull'
      await client.query('insert into workshop_guests (token_id, code, name, city, joined_at) values ($1, $2, $3, $4, $5)', [
        guest.id,
        code,
        guest.name,
        guest.city ?? null,
        guest.joinedAt,
      ])
      return null
    })
  }

  async guests(code: string): Promise<Guest[]> {
    const { rows } = await this.pool.query<GuestRow>(
      'select token_id, name, city, joined_at from workshop_guests where code = $1 and removed_at is null order by joined_at, seq',
      [code],
    )
    return rows.map((row) => ({ id: row.token_id, name: row.name, ...(row.city !== null ? { city: row.city } : {}), joinedAt: Number(row.joined_at) }))
  }

  async remove(code: string, guestId: string, at: number): Promise<boolean> {
    const removed = await this.pool.query('update workshop_guests set removed_at = $1 where token_id = $2 and code = $3 and removed_at is null', [
      at,
      guestId,
      code,
    ])
    return removed.rowCount === 1
  }
}

function workshopOf(row: WorkshopRow | undefined): Workshop | null {
  return row
    ? {
        code: row.code,
        network: row.network,
        document: row.document,
        startedAt: Number(row.started_at),
        endsAt: Number(row.ends_at),
        endedAt: row.ended_at === null ? null : Number(row.ended_at),
        startedBy: row.started_by,
        ...(row.title !== null ? { title: row.title } : {}),
      }
    : null
}
