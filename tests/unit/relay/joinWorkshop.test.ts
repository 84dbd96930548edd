import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { JoinThrottle } from '../../../src/relay/joinThrottle.js'
import { joinWorkshop } from '../../../src/relay/joinWorkshop.js'
import { RelayStore } from '../../../src/relay/store.js'
import type { Workshops } from '../../../src/relay/workshops.js'
import { WorkshopRefused } from '../../../src/relay/workshopRefused.js'
import { useTempDir } from '../../helpers/tempDir.js'

/** A join's request: its JSON body, as Node's parser hands it on. */
function joinRequest(name: string): IncomingMessage {
  return Object.assign(Readable.from([Buffer.from(JSON.stringify({ name }))]), {
    headers: { 'content-type': 'application/json' },
  }) as unknown as IncomingMessage
}

/** The relay's workshops, each answer a turn of the event loop late, as a database across a network answers; and the codes looked up. */
function slowWorkshops(store: RelayStore): { workshops: Workshops; lookedUp: string[] } {
  const lookedUp: string[] = []
  const late =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await nextTurn()
      return call(...args)
    }
  const { workshops } = store
  return {
    lookedUp,
    workshops: {
      start: late((workshop) => workshops.start(workshop)),
      find: late((code: string) => {
        lookedUp.push(code)
        return workshops.find(code)
      }),
      end: late((code, at) => workshops.end(code, at)),
      seat: late((code, guest, capacity) => workshops.seat(code, guest, capacity)),
      guests: late((code) => workshops.guests(code)),
      remove: late((code, guestId, at) => workshops.remove(code, guestId, at)),
    },
  }
}

/** What a join ended in: its ticket's workshop code, or its refusal's reason. */
async function outcome(joined: Promise<{ code: string }>): Promise<string> {
  try {
    return (await joined).code
  } catch (error) {
    if (error instanceof WorkshopRefused) return error.reason
    throw error
  }
}

describe('joining a workshop through a store that answers late', () => {
  const temp = useTempDir()

  it('looks up no more wrong codes from one address than its failures allow, however many came at once', async () => {
    const store = new RelayStore(temp.path)
    try {
      const { workshops, lookedUp } = slowWorkshops(store)
      const options = { workshops, secret: randomBytes(32), throttle: new JoinThrottle(120, 3), capacity: 50 }
      const joins = Array.from({ length: 20 }, () => outcome(joinWorkshop(joinRequest('Ana'), 'KKKKKKKK', '203.0.113.1', options)))
      expect((await Promise.all(joins)).toSorted()).toEqual([...Array(3).fill('noWorkshop'), ...Array(17).fill('tooManyTries')])
      expect(lookedUp).toEqual(['KKKKKKKK', 'KKKKKKKK', 'KKKKKKKK'])
      // Another address is counted apart, and waits for none of these.
      expect(await outcome(joinWorkshop(joinRequest('Bo'), 'KKKKKKKK', '198.51.100.2', options))).toBe('noWorkshop')
    } finally {
      store.close()
    }
  })

  it('seats guests who join at once up to the capacity, checked as each is seated, from one address or several', async () => {
    const store = new RelayStore(temp.path)
    try {
      const { workshops } = slowWorkshops(store)
      const { code } = await workshops.start({ network: 'brt', document: 'notes', startedBy: 'test', startedAt: Date.now(), endsAt: Date.now() + 60_000 })
      const options = { workshops, secret: randomBytes(32), throttle: new JoinThrottle(120, 3), capacity: 4 }
      const names = ['Ana', 'Bo', 'Chidi', 'Dede', 'Ebi', 'Femi']
      const joins = names.map((name, at) => outcome(joinWorkshop(joinRequest(name), code, `203.0.113.${at % 3}`, options)))
      expect((await Promise.all(joins)).toSorted()).toEqual([...Array(4).fill(code), 'workshopFull', 'workshopFull'])
      expect(await workshops.guests(code)).toHaveLength(4)
    } finally {
      store.close()
    }
  })
})
