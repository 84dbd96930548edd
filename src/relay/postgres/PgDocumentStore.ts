import type pg from 'pg'
import * as Y from 'yjs'
import { parseRoomName } from '../../shared/protocol/rooms.js'
import type { Compacted, DocumentStore, HeldBackRow, PendingUpdate, RoomChange, StoredDocument } from '../documentStore.js'
import { foldUpdates } from '../foldUpdates.js'
import { createTables } from './createTables.js'
import { inTransaction } from './inTransaction.js'

/** The class of the advisory locks (of the two-key space, the room's hash the other key) that keep a room to one compaction at a time. */
const COMPACTING = 230_002

/**
 * One group commit, in one statement and so one transaction: the updates, each network's numbers
 * (`counted`: taken from its counter row, whose row lock is held until COMMIT, so that the numbers of
 * a network follow the order of the commits that took them, with no gaps across processes), each
 * room's latest number, and the held-back rows.
 *
 * No two appends can wait for each other: networks are locked in one order (sorted, $3), and the other
 * rows an append writes (changes, held_back) are rooms of the networks it locks, written only once
 * all are locked (the sort after the join with `counted`; the subqueries on `counted`, which Postgres
 * runs before the first row), so any other append writing them holds one of those locks already. The
 * order in which Postgres runs the parts of a statement is otherwise not promised.
 */
const APPEND = `
with inserted as (
  insert into updates (room, data)
  select room, data from unnest($1::text[], $2::bytea[]) with ordinality as u(room, data, n) order by n
),
counted as (
  insert into network_changes as counter (network, seq)
  select network, taken from unnest($3::text[], $4::bigint[]) with ordinality as t(network, taken, n) order by n
  on conflict (network) do update set seq = counter.seq + excluded.seq
  returning network, seq
),
changed as (
  insert into changes (room, network, seq)
  select c.room, c.network, counted.seq - c.back
  from unnest($5::text[], $6::text[], $7::bigint[]) with ordinality as c(room, network, back, n) join counted on counted.network = c.network
  order by c.n
  on conflict (room) do update set seq = excluded.seq
  returning room, seq
),
put as (
  insert into held_back (room, data)
  select room, data from unnest($8::text[], $9::bytea[]) as h(room, data)
  where (select count(*) from counted) >= 0
  on conflict (room) do update set data = excluded.data
),
dropped as (
  delete from held_back where room = any($10::text[]) and (select count(*) from counted) >= 0
)
select room, seq from changed`

/** A room's snapshot (part 0), updates (part 1, by id) and held-back update (part 2), read by one statement and so from one snapshot. */
const READ = `
select 0 as part, 0::bigint as id, state as data from snapshots where room = $1
union all select 1, id, data from updates where room = $1
union all select 2, 0, data from held_back where room = $1
order by part, id`

/**
 * The relay's documents in Postgres, shared by several relay processes (docs/RELAYS.md): each room's
 * snapshot and the updates since, its held-back update, and each network's feed of changed rooms.
 * The pool is shared with the relay's other stores, which closes it.
 */
export class PgDocumentStore implements DocumentStore {
  private readonly writing = new Set<Promise<unknown>>()

  private constructor(private readonly pool: pg.Pool) {}

  /** The store on the given pool, its tables made if absent. */
  static async open(pool: pg.Pool): Promise<PgDocumentStore> {
    await createTables(
      pool,
      `
        create table if not exists snapshots (room text primary key, state bytea not null);
        create table if not exists updates (id bigserial primary key, room text not null, data bytea not null);
        create index if not exists updates_by_room on updates (room, id);
        create table if not exists held_back (room text primary key, data bytea not null);
        create table if not exists changes (room text primary key, network text not null, seq bigint not null);
        create index if not exists changes_by_network on changes (network, seq);
        create table if not exists network_changes (network text primary key, seq bigint not null);
      `,
    )
    return new PgDocumentStore(pool)
  }

  async load(room: string): Promise<StoredDocument> {
    const { rows } = await this.pool.query<{ part: number; data: Buffer }>(READ, [room])
    return {
      snapshot: rows.find((row) => row.part === 0)?.data ?? null,
      updates: rows.filter((row) => row.part === 1).map((row) => row.data),
      heldBack: rows.find((row) => row.part === 2)?.data ?? null,
    }
  }

  append(pending: readonly PendingUpdate[], heldBack: readonly HeldBackRow[]): Promise<RoomChange[]> {
    return this.tracked(this.appended(pending, heldBack))
  }

  private async appended(pending: readonly PendingUpdate[], heldBack: readonly HeldBackRow[]): Promise<RoomChange[]> {
    if (pending.length === 0 && heldBack.length === 0) return []
    // Each network's rooms, in the order they first come: they take its numbers in that order.
    const rooms = new Map<string, string[]>()
    const network = (room: string) => {
      const name = parseRoomName(room).network
      if (!rooms.has(name)) rooms.set(name, [])
      return rooms.get(name)!
    }
    for (const { room } of pending) {
      const changed = network(room)
      if (!changed.includes(room)) changed.push(room)
    }
    const held = new Map(heldBack.map(({ room, update }) => [room, update]))
    // A network only held-back rows are written for takes no number, but its lock: see APPEND.
    for (const room of held.keys()) network(room)
    const networks = [...rooms.keys()].sort()
    const changed = [...rooms.values()].flatMap((names) => names.map((room, rank) => ({ room, back: names.length - 1 - rank })))
    const put = [...held].filter((row): row is [string, Uint8Array] => row[1] !== null)
    const { rows } = await this.pool.query<{ room: string; seq: string }>(APPEND, [
      pending.map(({ room }) => room),
      pending.map(({ update }) => update),
      networks,
      networks.map((name) => rooms.get(name)!.length),
      changed.map(({ room }) => room),
      changed.map(({ room }) => parseRoomName(room).network),
      changed.map(({ back }) => back),
      put.map(([room]) => room),
      put.map(([, update]) => update),
      [...held].filter(([, update]) => update === null).map(([room]) => room),
    ])
    return rows.map(({ room, seq }) => ({ room, seq: Number(seq) })).sort((a, b) => a.seq - b.seq)
  }

  compact(room: string): Promise<Compacted | null> {
    return this.tracked(this.compacted(room))
  }

  /**
   * Folds what one statement reads of the room, and deletes exactly the updates it read: their ids
   * come from a sequence, so an update whose id was taken earlier may commit after the read, with an
   * id below the last read, and must stay.
   */
  private compacted(room: string): Promise<Compacted | null> {
    return inTransaction(this.pool, async (client) => {
      const locked = await client.query<{ locked: boolean }>('select pg_try_advisory_xact_lock($1, hashtext($2)) as locked', [COMPACTING, room])
      const { rows } = locked.rows[0]!.locked ? await client.query<{ part: number; id: string; data: Buffer }>(READ, [room]) : { rows: [] }
      const updates = rows.filter((row) => row.part === 1)
      // Nothing to fold, or another process folds it: the transaction ends having written nothing.
      if (updates.length === 0) return null
      const snapshot = rows.find((row) => row.part === 0)?.data
      const parts = updates.map((row) => row.data)
      const { state, held, readBytes } = foldUpdates(snapshot ? [snapshot, ...parts] : parts)
      await client.query(
        `with snapshot as (
           insert into snapshots (room, state) values ($1, $2) on conflict (room) do update set state = excluded.state
         )
         delete from updates where room = $1 and id = any($3::bigint[])`,
        [room, state, updates.map((row) => row.id)],
      )
      if (held) await mergeHeldBack(client, room, held)
      return { updates: updates.length, readBytes, snapshotBytes: state.byteLength }
    })
  }

  async changesAfter(network: string, seq: number): Promise<RoomChange[]> {
    const { rows } = await this.pool.query<{ room: string; seq: string }>('select room, seq from changes where network = $1 and seq > $2 order by seq', [
      network,
      seq,
    ])
    return rows.map((row) => ({ room: row.room, seq: Number(row.seq) }))
  }

  async latestChange(network: string): Promise<number> {
    const { rows } = await this.pool.query<{ seq: string }>('select seq from network_changes where network = $1', [network])
    return Number(rows[0]?.seq ?? 0)
  }

  async storedBytes(room: string): Promise<number> {
    // octet_length reads a stored value's length from its header, not the value.
    const { rows } = await this.pool.query<{ bytes: string }>(
      `select coalesce((select octet_length(state) from snapshots where room = $1), 0)
            + coalesce((select sum(octet_length(data)) from updates where room = $1), 0) as bytes`,
      [room],
    )
    return Number(rows[0]!.bytes)
  }

  async hasDocument(room: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ found: boolean }>(
      'select exists (select 1 from snapshots where room = $1) or exists (select 1 from updates where room = $1) as found',
      [room],
    )
    return rows[0]!.found
  }

  async check(): Promise<void> {
    await this.pool.query('select 1 from network_changes limit 1')
  }

  /** Waits for the appends and compactions under way; the pool stays open for the relay to close. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.writing])
  }

  private tracked<T>(promise: Promise<T>): Promise<T> {
    this.writing.add(promise)
    const done = () => this.writing.delete(promise)
    promise.then(done, done)
    return promise
  }
}

/**
 * Merges what a compaction found held back into the room's held-back row, under its network's counter
 * row lock, as appends write that row: no append writes it meanwhile, and none waits on this
 * compaction for another lock.
 */
async function mergeHeldBack(client: pg.PoolClient, room: string, held: Uint8Array): Promise<void> {
  await client.query('insert into network_changes as counter (network, seq) values ($1, 0) on conflict (network) do update set seq = counter.seq', [
    parseRoomName(room).network,
  ])
  const { rows } = await client.query<{ data: Buffer }>('select data from held_back where room = $1', [room])
  const row = rows[0]?.data
  await client.query('insert into held_back (room, data) values ($1, $2) on conflict (room) do update set data = excluded.data', [
    room,
    row ? Y.mergeUpdates([row, held]) : held,
  ])
}
