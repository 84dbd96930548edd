import { describe, expect, it } from 'vitest'
import { PgWorkshops } from '../../../src/relay/postgres/PgWorkshops.js'
import { workshopEnd } from '../../../src/relay/workshopStore.js'
import { readCode } from '../../../src/shared/protocol/workshops.js'
import { usePostgres } from '../../helpers/postgresServer.js'

const HOUR = 3_600_000

describe('workshops in Postgres', () => {
  const postgres = usePostgres('workshops, workshop_guests')

  /** The workshops through a pool of their own, as each relay process has. */
  async function workshops(): Promise<PgWorkshops> {
    return PgWorkshops.open(await postgres.pool())
  }

  it('are kept for every process, end on a whole second, and end early only once', async () => {
    const workshop = await (await workshops()).start({
      network: 'brt',
      document: 'notes',
      startedBy: 'test',
      startedAt: 1_000_000,
      endsAt: 1_000_000 + HOUR + 999,
    })
    expect(readCode(workshop.code)).toBe(workshop.code)
    expect(workshop.endsAt).toBe(1_000_000 + HOUR)
    const other = await workshops()
    expect(await other.find(workshop.code)).toEqual(workshop)
    await other.end(workshop.code, 2_000_000)
    await other.end(workshop.code, 3_000_000)
    expect((await other.find(workshop.code))?.endedAt).toBe(2_000_000)
    expect(await other.find('KKKKKKKK')).toBeNull()
  })

  it("keep the network's display name the facilitator's invite had", async () => {
    const store = await workshops()
    const named = await store.start({ network: 'brt', document: 'notes', startedBy: 'test', title: 'Bus Rapid Transit', startedAt: 0, endsAt: HOUR })
    const unnamed = await store.start({ network: 'brt', document: 'notes', startedBy: 'test', startedAt: 0, endsAt: HOUR })
    expect(named.title).toBe('Bus Rapid Transit')
    expect(await (await workshops()).find(named.code)).toEqual(named)
    expect(await store.find(unnamed.code)).not.toHaveProperty('title')
  })

  it('are not ended early once their time is over', async () => {
    const store = await workshops()
    const { code } = await store.start({ network: 'brt', document: 'notes', startedBy: 'test', startedAt: 0, endsAt: HOUR })
    await store.end(code, HOUR + 1)
    const workshop = (await store.find(code))!
    expect([workshop.endedAt, workshopEnd(workshop)]).toEqual([null, HOUR])
  })

  it('seat guests up to the capacity, counting none removed, and none once ended', async () => {
    const store = await workshops()
    const { code } = await store.start({ network: 'brt', document: 'notes', startedBy: 'test', startedAt: 0, endsAt: HOUR })
    expect(await store.seat(code, { id: 'a', name: 'Ana', city: 'Lagos', joinedAt: 1 }, 2)).toBeNull()
    expect(await store.seat(code, { id: 'b', name: 'Bo', joinedAt: 2 }, 2)).toBeNull()
    expect(await store.seat(code, { id: 'c', name: 'Chidi', joinedAt: 3 }, 2)).toBe('workshopFull')
    expect(await store.remove(code, 'a', 4)).toBe(true)
    expect(await store.remove(code, 'a', 5)).toBe(false)
    expect(await store.remove('KKKKKKKK', 'b', 5)).toBe(false)
    expect(await store.seat(code, { id: 'c', name: 'Chidi', joinedAt: 6 }, 2)).toBeNull()
    expect(await store.guests(code)).toEqual([
      { id: 'b', name: 'Bo', joinedAt: 2 },
      { id: 'c', name: 'Chidi', joinedAt: 6 },
    ])
    // The removed guest is kept, marked.
    const db = await postgres.pool()
    expect((await db.query('select token_id from workshop_guests where removed_at is not null')).rows).toEqual([{ token_id: 'a' }])
    expect(await store.seat(code, { id: 'd', name: 'Dede', joinedAt: HOUR }, 10)).toBe('workshopEnded')
    await store.end(code, 10)
    expect(await store.seat(code, { id: 'd', name: 'Dede', joinedAt: 11 }, 10)).toBe('workshopEnded')
    expect(await store.seat('KKKKKKKK', { id: 'd', name: 'Dede', joinedAt: 11 }, 10)).toBe('workshopEnded')
  })

  it('list guests who joined in the same millisecond in the order they were seated', async () => {
    const store = await workshops()
    const { code } = await store.start({ network: 'brt', document: 'notes', startedBy: 'test', startedAt: 0, endsAt: HOUR })
    for (const id of ['z', 'a', 'm']) expect(await store.seat(code, { id, name: id, joinedAt: 5 }, 10)).toBeNull()
    expect((await store.guests(code)).map((guest) => guest.id)).toEqual(['z', 'a', 'm'])
  })

  it('seat no more than the capacity when two processes seat guests at once', async () => {
    const [first, second] = [await workshops(), await workshops()]
    const { code } = await first.start({ network: 'brt', document: 'notes', startedBy: 'test', startedAt: 0, endsAt: HOUR })
    const seats = Array.from({ length: 24 }, (_, index) =>
      (index % 2 === 0 ? first : second).seat(code, { id: `guest-${index}`, name: `Guest ${index}`, joinedAt: 1 }, 5),
    )
    const answers = await Promise.all(seats)
    expect(answers.filter((answer) => answer === null)).toHaveLength(5)
    expect(answers.filter((answer) => answer === 'workshopFull')).toHaveLength(19)
    expect(await second.guests(code)).toHaveLength(5)
  })
})
