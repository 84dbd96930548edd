import type Database from 'better-sqlite3'
import type { WorkshopGuest, WorkshopSummary } from '../shared/protocol/workshops.js'
import { randomCode } from './randomCode.js'
import type { Workshops } from './workshops.js'

/** A workshop session as stored: what its summary says but its guests, and who started it. */
export interface Workshop extends Omit<WorkshopSummary, 'capacity' | 'guests'> {
  /** The id of the facilitator's invite that started it, or `command line` for `casebook workshop start`. */
  startedBy: string
  /** The network's display name, as the facilitator's invite had it: its session tokens carry it. */
  title?: string
}

/** Someone who joined a workshop, by the id of the session token they were given. */
export type Guest = Omit<WorkshopGuest, 'online'>

export interface NewWorkshop {
  network: string
  document: string
  startedBy: string
  title?: string | undefined
  startedAt: number
  endsAt: number
}

/** When a workshop stops admitting anyone: when it was ended early, else its end time. */
export function workshopEnd(workshop: Workshop): number {
  return workshop.endedAt ?? workshop.endsAt
}

interface WorkshopRow {
  code: string
  network: string
  document: string
  started_at: number
  ends_at: number
  ended_at: number | null
  started_by: string
  title: string | null
}

interface GuestRow {
  token_id: string
  name: string
  city: string | null
  joined_at: number
}

/**
 * The workshops in the relay's database (RelayStore's), with their guests. `casebook workshop start`
 * writes one from another process; the relay reads them from the database at each join and
 * connection, so it sees it at once. A removed guest stays, marked, so that it no longer counts
 * toward the capacity; a workshop stays after it ends, so that its code says when it ended. Its
 * methods do their SQLite work synchronously and resolve at once: they answer in promises for the
 * Workshops seam, which Postgres (PgWorkshops) implements too.
 */
export class WorkshopStore implements Workshops {
  private readonly statements

  constructor(private readonly db: Database.Database) {
    db.exec(`
      create table if not exists workshops (
        code text primary key, network text not null, document text not null,
        started_at integer not null, ends_at integer not null, ended_at integer, started_by text not null, title text
      );
      create table if not exists workshop_guests (
        token_id text primary key, code text not null, name text not null, city text,
        joined_at integer not null, removed_at integer
      );
      create index if not exists workshop_guests_by_code on workshop_guests (code, joined_at);
    `)
    // Made by a relay from before networks had display names.
    const columns = db.pragma('table_info(workshops)') as { name: string }[]
    if (!columns.some((column) => column.name === 'title')) db.exec('alter table workshops add column title text')
    this.statements = {
      insert: db.prepare<[string, string, string, number, number, string, string | null]>(
        'insert into workshops (code, network, document, started_at, ends_at, started_by, title) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing',
      ),
      find: db.prepare<[string], WorkshopRow>('select * from workshops where code = ?'),
      end: db.prepare<[number, string, number]>('update workshops set ended_at = ? where code = ? and ended_at is null and ends_at > ?'),
      seated: db.prepare<[string], { seated: number }>('select count(*) as seated from workshop_guests where code = ? and removed_at is null'),
      seat: db.prepare<[string, string, string, string | null, number]>(
        'insert into workshop_guests (token_id, code, name, city, joined_at) values (?, ?, ?, ?, ?)',
      ),
      guests: db.prepare<[string], GuestRow>(
        'select token_id, name, city, joined_at from workshop_guests where code = ? and removed_at is null order by joined_at, rowid',
      ),
      remove: db.prepare<[number, string, string]>('update workshop_guests set removed_at = ? where token_id = ? and code = ? and removed_at is null'),
    }
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
      if (this.statements.insert.run(code, network, document, startedAt, endsAt, startedBy, title ?? null).changes === 1) {
        return { code, network, document, startedAt, endsAt, endedAt: null, startedBy, ...(title ? { title } : {}) }
      }
    }
  }

  async find(code: string): Promise<Workshop | null> {
    return this.findNow(code)
  }

  /** find's work, synchronous, so that seat reads the workshop inside its transaction. */
  private findNow(code: string): Workshop | null {
    const row = this.statements.find.get(code)
    return row
      ? {
          code: row.code,
          network: row.network,
          document: row.document,
          startedAt: row.started_at,
          endsAt: row.ends_at,
          endedAt: row.ended_at,
          startedBy: row.started_by,
          ...(row.title !== null ? { title: row.title } : {}),
        }
      : null
  }

  /** Ends a workshop at `at`, unless it had ended already (early, or by its end time). */
  async end(code: string, at: number): Promise<void> {
    this.statements.end.run(at, code, at)
  }

  /**
   * Records a guest, in one transaction with the checks that the workshop has not ended and is not
   * full (of guests not removed); says which failed, if one did.
   */
  async seat(code: string, guest: Guest, capacity: number): Promise<'workshopEnded' | 'workshopFull' | null> {
    return this.db.transaction(() => {
      const workshop = this.findNow(code)
      if (!workshop || workshopEnd(workshop) <= guest.joinedAt) return 'workshopEnded'
      if ((this.statements.seated.get(code)?.seated ?? 0) >= capacity) return 'workshopFull'
      this.statements.seat.run(guest.id, code, guest.name, guest.city ?? null, guest.joinedAt)
      return null
    })()
  }

  /** The guests not removed, in the order they joined. */
  async guests(code: string): Promise<Guest[]> {
    return this.statements.guests.all(code).map((row) => ({
      id: row.token_id,
      name: row.name,
      ...(row.city !== null ? { city: row.city } : {}),
      joinedAt: row.joined_at,
    }))
  }

  /** Marks a guest of the workshop removed; false when it has no such guest (or removed them already). */
  async remove(code: string, guestId: string, at: number): Promise<boolean> {
    return this.statements.remove.run(at, guestId, code).changes === 1
  }
}
