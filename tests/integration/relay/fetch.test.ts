import * as decoding from 'lib0/decoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { RelayStore } from '../../../src/relay/store.js'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import {
  encodeFetch,
  FETCH_VERSION,
  MAX_FETCH_ANSWER_BYTES,
  MAX_FETCH_DOCUMENTS,
  readFetchable,
  readFetched,
  type FetchedDocument,
} from '../../../src/shared/protocol/fetchFrames.js'
import { MESSAGE, readChanged } from '../../../src/shared/protocol/messages.js'
import { eventually, frameType, useClients, useRawConnections, type RawConnection } from '../../helpers/clients.js'
import { useRelays, type RelayProcess } from '../../helpers/relay.js'

const NOTHING = Y.encodeStateVector(new Y.Doc())

/** The documents of every answer a feed was given. */
function fetchedIn(feed: RawConnection): FetchedDocument[] {
  return feed.frames.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame)
    return decoding.readVarUint(decoder) === MESSAGE.fetched ? readFetched(decoder).documents : []
  })
}

const answers = (feed: RawConnection) => feed.frames.filter((frame) => frameType(frame) === MESSAGE.fetched)
const textOf = (update: Uint8Array) => {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  return doc.getText('t').toString()
}
/** Whether any frame a connection received holds these bytes. */
const received = (feed: RawConnection, text: string) => feed.frames.some((frame) => Buffer.from(frame).includes(Buffer.from(text)))

describe("fetching several documents over a network's feed", () => {
  const relays = useRelays()
  const clients = useClients()
  const raw = useRawConnections()

  async function write(relay: RelayProcess, room: string, text: string): Promise<Y.Doc> {
    const client = clients.connect(relay.url, room, await relay.invite(room.split('/')[0]!, 'facilitator'), { ack: true })
    await client.synced()
    client.doc.getText('t').insert(client.doc.getText('t').length, text)
    await eventually(() => client.stored.some((count) => count >= 2), `${room} is stored`)
    return client.doc
  }

  async function subscribe(relay: RelayProcess, network: string, token?: string): Promise<RawConnection> {
    const feed = raw.connect(relay.url, `/${network}`, token ?? (await relay.invite(network, 'member')))
    await eventually(() => feed.frames.some((frame) => frameType(frame) === MESSAGE.changed), 'the feed lists what changed so far')
    return feed
  }

  it('tells a feed it answers fetches, before the first list, and answers what each document lacks', async () => {
    const relay = await relays.start()
    const lagos = await write(relay, 'brt/lagos', 'Lagos corridor')
    await write(relay, 'brt/bogota', 'Bogotá TransMilenio')
    const feed = await subscribe(relay, 'brt')
    const first = decoding.createDecoder(feed.frames[0]!)
    expect(decoding.readVarUint(first)).toBe(MESSAGE.fetchable)
    expect(readFetchable(first)).toEqual({ version: FETCH_VERSION, maxDocuments: MAX_FETCH_DOCUMENTS, maxAnswerBytes: MAX_FETCH_ANSWER_BYTES })

    const seen = Y.encodeStateVector(lagos)
    lagos.getText('t').insert(0, 'The ')
    feed.ws.send(
      encodeFetch(7, [
        { document: 'lagos', stateVector: NOTHING },
        { document: 'bogota', stateVector: NOTHING },
        { document: 'nowhere', stateVector: NOTHING },
      ]),
    )
    await eventually(() => answers(feed).length === 1, 'the relay answers')
    const decoder = decoding.createDecoder(answers(feed)[0]!)
    decoding.readVarUint(decoder)
    const { request, documents } = readFetched(decoder)
    expect(request).toBe(7)
    // A document nobody wrote is left out, as a document of another network is.
    expect(documents.map(({ document, update }) => [document, textOf(update)])).toEqual([
      ['lagos', expect.stringContaining('Lagos corridor')],
      ['bogota', 'Bogotá TransMilenio'],
    ])

    // With a state vector, only what the copy lacks.
    await eventually(async () => {
      feed.ws.send(encodeFetch(8, [{ document: 'lagos', stateVector: seen }]))
      await new Promise((resolve) => setTimeout(resolve, 100))
      const last = fetchedIn(feed).at(-1)!
      const copy = new Y.Doc()
      Y.applyUpdate(copy, documents[0]!.update)
      Y.applyUpdate(copy, last.update)
      return last.update.byteLength < documents[0]!.update.byteLength && copy.getText('t').toString() === 'The Lagos corridor'
    }, 'a fetch with a state vector gets what it lacks')
  })

  it("gives a member of one network nothing of another network's documents, and stores nothing", async () => {
    const relay = await relays.start()
    await write(relay, 'adaptation/rotterdam', 'Rotterdam water squares')
    await write(relay, 'brt/lagos', 'Lagos corridor')
    for (const role of ['member', 'viewer', 'facilitator'] as const) {
      const feed = await subscribe(relay, 'brt', await relay.invite('brt', role))
      feed.ws.send(
        encodeFetch(1, [
          { document: 'rotterdam', stateVector: NOTHING },
          { document: 'lagos', stateVector: NOTHING },
        ]),
      )
      await eventually(() => answers(feed).length === 1, `the relay answers a ${role}`)
      // A viewer may read its own network's documents; nobody gets another network's.
      expect(fetchedIn(feed).map(({ document }) => document)).toEqual(['lagos'])
      expect(received(feed, 'Rotterdam')).toBe(false)
    }
    // Nothing was stored in brt for the id asked, and adaptation's document is as it was.
    const brt = await subscribe(relay, 'brt')
    expect(
      brt.frames.flatMap((frame) => {
        const decoder = decoding.createDecoder(frame)
        return decoding.readVarUint(decoder) === MESSAGE.changed ? readChanged(decoder).map((change) => change.document) : []
      }),
    ).toEqual(['lagos'])
    const adaptation = await subscribe(relay, 'adaptation')
    adaptation.ws.send(encodeFetch(1, [{ document: 'rotterdam', stateVector: NOTHING }]))
    await eventually(() => answers(adaptation).length === 1, 'the relay answers')
    expect(fetchedIn(adaptation).map(({ update }) => textOf(update))).toEqual(['Rotterdam water squares'])
  })

  it('answers nothing to a revoked token, and closes its feed', async () => {
    const relay = await relays.start()
    await write(relay, 'brt/lagos', 'Lagos corridor')
    const token = await relay.invite('brt', 'member')
    const feed = await subscribe(relay, 'brt', token)
    const store = new RelayStore(relay.dataDir)
    store.revoke((JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti)
    store.close()
    feed.ws.send(encodeFetch(1, [{ document: 'lagos', stateVector: NOTHING }]))
    expect(await feed.closed).toEqual({ code: CLOSE.tokenRevoked.code, reason: CLOSE.tokenRevoked.reason })
    expect(answers(feed)).toEqual([])
    expect(received(feed, 'Lagos')).toBe(false)
  })

  it('closes a feed that asks for more documents than a fetch may, and counts it', async () => {
    const relay = await relays.start()
    await write(relay, 'brt/lagos', 'Lagos corridor')
    const feed = await subscribe(relay, 'brt')
    const ids = Array.from({ length: MAX_FETCH_DOCUMENTS + 1 }, (_, n) => (n === 0 ? 'lagos' : `doc-${n}`))
    feed.ws.send(
      encodeFetch(
        1,
        ids.map((document) => ({ document, stateVector: NOTHING })),
      ),
    )
    expect(await feed.closed).toEqual({ code: CLOSE.tooManyDocumentsAsked.code, reason: CLOSE.tooManyDocumentsAsked.reason })
    expect(answers(feed)).toEqual([])
    expect((await relay.metrics()).get('casebook_relay_rejected_frames_total{reason="tooManyDocumentsAsked"}')).toBe(1)
  })

  it('closes a feed that sends a fetch that does not read, answering nothing', async () => {
    const relay = await relays.start()
    await write(relay, 'brt/lagos', 'Lagos corridor')
    const valid = encodeFetch(1, [{ document: 'lagos', stateVector: NOTHING }])
    const otherVersion = valid.slice()
    otherVersion[1] = FETCH_VERSION + 1
    const badId = encodeFetch(1, [{ document: '../adaptation/rotterdam', stateVector: NOTHING }])
    const badStateVector = encodeFetch(1, [{ document: 'lagos', stateVector: new Uint8Array([5, 1]) }])
    for (const frame of [valid.slice(0, valid.length - 1), new Uint8Array([...valid, 0]), otherVersion, badId, badStateVector, 'text']) {
      const feed = await subscribe(relay, 'brt')
      feed.ws.send(frame)
      expect(await feed.closed).toEqual({ code: CLOSE.malformedMessage.code, reason: CLOSE.malformedMessage.reason })
      expect(answers(feed)).toEqual([])
    }
  })

  it('keeps an answer within its byte budget, leaving out the documents past it', async () => {
    const relay = await relays.start()
    const big = 'x'.repeat(600_000)
    await write(relay, 'brt/first', `A${big}`)
    await write(relay, 'brt/second', `B${big}`)
    await write(relay, 'brt/small', 'Small')
    const feed = await subscribe(relay, 'brt')
    feed.ws.send(
      encodeFetch(
        1,
        ['first', 'second', 'small'].map((document) => ({ document, stateVector: NOTHING })),
      ),
    )
    await eventually(() => answers(feed).length === 1, 'the relay answers')
    expect(fetchedIn(feed).map(({ document }) => document)).toEqual(['first', 'small'])
    expect(answers(feed)[0]!.byteLength).toBeLessThan(MAX_FETCH_ANSWER_BYTES + 100)
  })
})
