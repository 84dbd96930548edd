import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { randomCode } from '../../../src/relay/randomCode.js'
import { RelayStore } from '../../../src/relay/store.js'
import { workshopEnd } from '../../../src/relay/workshopStore.js'
import { CODE_ALPHABET, CODE_LENGTH, readCode } from '../../../src/shared/protocol/workshops.js'
import { useTempDir } from '../../helpers/tempDir.js'

const HOUR = 3_600_000

describe('workshops in the relay store', () => {
  const temp = useTempDir()

  async function withStore<T>(use: (store: RelayStore) => Promise<T>): Promise<T> {
    const store = new RelayStore(temp.path)
    try {
      return await use(store)
    } finally {
      store.close()
    }
  }

  it('get codes of the alphabet, each character drawn as often as any other', () => {
    let characters = 0
    let firstHalf = 0
    for (let draw = 0; draw < 5000; draw += 1) {
      const code = randomCode()
      expect(readCode(code)).toBe(code)
      for (const char of code) {
        characters += 1
        if (CODE_ALPHABET.indexOf(char) < 13) firstHalf += 1
      }
    }
    // `byte % 27` alone would draw the first 13 characters 10 times in 256, the others 9: 20,313 of
    // 40,000 rather than 19,259, whose standard deviation is 100. Five of them either side is allowed.
    expect(characters).toBe(5000 * CODE_LENGTH)
    expect(Math.abs(firstHalf - (characters * 13) / CODE_ALPHABET.length)).toBeLessThan(500)
  })

  it('are kept across reopening, end on a whole second, and end early only once', async () => {
    const workshop = await withStore((store) =>
      store.workshops.start({ network: 'brt', document: 'notes', startedBy: 'test', startedAt: 1_000_000, endsAt: 1_000_000 + HOUR + 999 }),
    )
    expect(workshop.endsAt).toBe(1_000_000 + HOUR)
    await withStore(async (store) => {
      expect(await store.workshops.find(workshop.code)).toEqual(workshop)
      await store.workshops.end(workshop.code, 2_000_000)
      await store.workshops.end(workshop.code, 3_000_000)
      expect((await store.workshops.find(workshop.code))?.endedAt).toBe(2_000_000)
      expect(await store.workshops.find('KKKKKKKK')).toBeNull()
    })
  })

  it("keep the network's display name the facilitator's invite had, also in a database made before there were any", async () => {
    // The workshops table as a relay from before display names made it, with one workshop in it.
    const old = new Database(join(temp.path, 'relay.sqlite'))
    old.exec(`create table workshops (
      code text primary key, network text not null, document text not null,
      started_at integer not null, ends_at integer not null, ended_at integer, started_by text not null
    )`)
    old.prepare("insert into workshops values ('KKKKKKKK', 'brt', 'notes', 0, 3600000, null, 'test')").run()
    old.close()
    const named = await withStore(async (store) => {
      expect(await store.workshops.find('KKKKKKKK')).not.toHaveProperty('title')
      return store.workshops.start({ network: 'brt', document: 'notes', startedBy: 'test', title: 'Bus Rapid Transit', startedAt: 0, endsAt: HOUR })
    })
    expect(named.title).toBe('Bus Rapid Transit')
    await withStore(async (store) => expect(await store.workshops.find(named.code)).toEqual(named))
  })

  it('are not ended early once their time is over', async () => {
    await withStore(async (store) => {
      const { code } = await store.workshops.start({ network: 'brt', document: 'notes', startedBy: 'test', startedAt: 0, endsAt: HOUR })
      await store.workshops.end(code, HOUR + 1)
      const workshop = (await store.workshops.find(code))!
      expect([workshop.endedAt, workshopEnd(workshop)]).toEqual([null, HOUR])
    })
  })

  it('seat guests up to the capacity, counting none removed, and none once ended', async () => {
    await withStore(async (store) => {
      const { code } = await store.workshops.start({ network: 'brt', document: 'notes', startedBy: 'test', startedAt: 0, endsAt: HOUR })
      expect(await store.workshops.seat(code, { id: 'a', name: 'Ana', city: 'Lagos', joinedAt: 1 }, 2)).toBeNull()
      expect(await store.workshops.seat(code, { id: 'b', name: 'Bo', joinedAt: 2 }, 2)).toBeNull()
      expect(await store.workshops.seat(code, { id: 'c', name: 'Chidi', joinedAt: 3 }, 2)).toBe('workshopFull')
      expect(await store.workshops.remove(code, 'a', 4)).toBe(true)
      expect(await store.workshops.remove(code, 'a', 5)).toBe(false)
      expect(await store.workshops.remove('KKKKKKKK', 'b', 5)).toBe(false)
      expect(await store.workshops.seat(code, { id: 'c', name: 'Chidi', joinedAt: 6 }, 2)).toBeNull()
      expect(await store.workshops.guests(code)).toEqual([
        { id: 'b', name: 'Bo', joinedAt: 2 },
        { id: 'c', name: 'Chidi', joinedAt: 6 },
      ])
      expect(await store.workshops.seat(code, { id: 'd', name: 'Dede', joinedAt: HOUR }, 10)).toBe('workshopEnded')
      await store.workshops.end(code, 10)
      expect(await store.workshops.seat(code, { id: 'd', name: 'Dede', joinedAt: 11 }, 10)).toBe('workshopEnded')
    })
  })
})
