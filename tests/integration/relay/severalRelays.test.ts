import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import { decodeClaims } from '../../../src/relay/invites.js'
import { MESSAGE } from '../../../src/shared/protocol/messages.js'
import { closedForGood, eventually, frameType, useClients, useRawConnections, type Client } from '../../helpers/clients.js'
import { casebook } from '../../helpers/cli.js'
import { changesIn, membersIn } from '../../helpers/feedFrames.js'
import { useRelays, type RelayProcess } from '../../helpers/relay.js'
import { storedDoc } from '../../helpers/storedDoc.js'
import { useTempDir } from '../../helpers/tempDir.js'

const tokenId = (token: string) => (decodeClaims(token) as { jti: string }).jti
const textOf = (client: Client) => client.doc.getText('t').toString()

/**
 * Several relay processes of one deployment, on one Postgres and one Redis (issue 23): clients on
 * different instances converge, and every guarantee of a relay that runs alone holds across them.
 */
describe('several relay processes on Postgres and Redis', () => {
  const relays = useRelays({ backend: 'postgres' })
  const clients = useClients()
  const raw = useRawConnections()
  const shared = useTempDir()

  /** Three instances of one deployment: one data directory (its secret), so one database. */
  async function three(): Promise<RelayProcess[]> {
    return Promise.all([0, 1, 2].map(() => relays.start({ dataDir: shared.path })))
  }

  /** What Postgres holds of a document, read by a client of its own. */
  async function storedText(room: string): Promise<string> {
    const { databaseOf } = await relays.servers()
    const stored = await storedDoc({ dataDir: shared.path, postgres: await databaseOf(shared.path) }, room)
    return stored?.getText('t').toString() ?? ''
  }

  it('has clients on different instances converge, live and after editing offline', async () => {
    const [a, b, c] = await three()
    // Each on Postgres, each an instance of its own on the bus.
    const listening = [a!, b!, c!].map((relay) => relay.logs.find((line) => line['msg'] === 'relay listening')!)
    expect(listening.map((line) => line['store'])).toEqual(['postgres', 'postgres', 'postgres'])
    expect(new Set(listening.map((line) => line['instance'])).size).toBe(3)
    const token = await a!.invite('brt', 'member')
    const [onA, onB, onC] = [a!, b!, c!].map((relay) => clients.connect(relay.url, 'brt/doc', token, { ack: true }))
    await Promise.all([onA!.synced(), onB!.synced(), onC!.synced()])
    onA!.doc.getText('t').insert(0, 'a')
    await eventually(() => textOf(onB!) === 'a' && textOf(onC!) === 'a', 'an edit on A reaches B and C')
    onC!.provider.disconnect()
    onC!.doc.getText('t').insert(1, 'c')
    onB!.doc.getText('t').insert(0, 'b')
    await eventually(() => textOf(onA!) === 'ba', 'an edit on B reaches A while C is offline')
    onC!.provider.connect()
    await eventually(() => [onA!, onB!, onC!].every((client) => textOf(client).length === 3), 'the offline edit reaches everyone')
    expect(new Set([onA!, onB!, onC!].map(textOf)).size).toBe(1)
    // Each instance stores what its own clients sent: all of it ends up in Postgres.
    await eventually(async () => (await storedText('brt/doc')) === textOf(onA!), 'every edit is stored')
    // A room loaded after the others edited reads it all, on any instance.
    const late = clients.connect(c!.url, 'brt/doc', token)
    await late.synced()
    expect(textOf(late)).toBe(textOf(onA!))
  })

  it('shows who is online on every instance, in every feed, and presence in a document across instances', async () => {
    const [a, b] = await three()
    const ana = raw.connect(a!.url, '/brt', await a!.invite('brt', 'member', { name: 'Ana', city: 'Lagos' }))
    const ben = raw.connect(b!.url, '/brt', await b!.invite('brt', 'member', { name: 'Ben', city: 'Quito' }))
    for (const feed of [ana, ben]) await eventually(() => membersIn(feed)?.length === 2, 'each feed lists both members')
    expect(membersIn(ana)).toEqual([
      { name: 'Ana', city: 'Lagos' },
      { name: 'Ben', city: 'Quito' },
    ])
    ben.ws.close()
    await eventually(() => membersIn(ana)?.length === 1, "Ben's leaving on B reaches A's feed")
    const token = await a!.invite('brt', 'member')
    const onA = clients.connect(a!.url, 'brt/doc', token)
    const onB = clients.connect(b!.url, 'brt/doc', token)
    await Promise.all([onA.synced(), onB.synced()])
    // The relay names a presence after its invite, whatever the client says.
    onA.provider.awareness.setLocalStateField('user', { name: 'Ana', colour: '#123456' })
    await eventually(() => onB.provider.awareness.getStates().get(onA.doc.clientID)?.['user']?.colour === '#123456', "A's presence reaches B's client")
    onA.provider.disconnect()
    await eventually(() => !onB.provider.awareness.getStates().has(onA.doc.clientID), "A's presence leaves B's client with its connection")
  })

  it('closes the sessions of a token revoked through one instance on every other', async () => {
    const instances = await three()
    const token = await instances[0]!.invite('brt', 'member')
    const sessions = instances.map((relay) => clients.connect(relay.url, 'brt/doc', token))
    const feeds = instances.map((relay) => raw.connect(relay.url, '/brt', token))
    await Promise.all(sessions.map((session) => session.synced()))
    const { databaseOf } = await relays.servers()
    const revoked = await casebook(['revoke', tokenId(token), '--postgres', await databaseOf(shared.path)])
    expect(revoked).toEqual({ code: 0, stdout: `Revoked ${tokenId(token)}.\n`, stderr: '' })
    // Within a second, as on a relay that runs alone (Postgres's notification, or the half-second poll).
    await Promise.all(sessions.map((session) => closedForGood(session, CLOSE.tokenRevoked, 'each instance closes its session', 1000)))
    await Promise.all(feeds.map((feed) => feed.closed.then((closed) => expect(closed.code).toBe(CLOSE.tokenRevoked.code))))
    // Nor may it come back anywhere.
    const again = raw.connect(instances[2]!.url, '/brt/doc', token)
    expect((await again.closed).code).toBe(CLOSE.tokenRevoked.code)
  })

  it('loses no update when an instance is killed (SIGKILL): what it acknowledged is stored, what it fanned out and never stored is stored by another, and its clients converge through another', async () => {
    const [a, b] = await three()
    const token = await a!.invite('brt', 'member')
    const writer = clients.connect(a!.url, 'brt/doc', token, { ack: true })
    const reader = clients.connect(b!.url, 'brt/doc', token)
    await Promise.all([writer.synced(), reader.synced()])
    for (let n = 0; n < 100; n += 1) writer.doc.getText('t').insert(n, String(n % 10))
    await eventually(() => textOf(reader).length === 100 && (writer.stored.at(-1) ?? 0) === 101, 'the first 100 edits are fanned out and acknowledged')
    expect(await storedText('brt/doc')).toBe(textOf(writer))
    // A's next commit waits: a transaction holds the network's counter row. What A applies meanwhile
    // it fans out (B's reader has it) but cannot acknowledge; and what comes after waits in A's
    // memory for that commit, never sent to Postgres.
    const { databaseOf } = await relays.servers()
    const locker = new pg.Client({ connectionString: await databaseOf(shared.path) })
    await locker.connect()
    await locker.query("begin; select seq from network_changes where network = 'brt' for update")
    writer.doc.getText('t').insert(100, ' and more')
    await eventually(() => textOf(reader).endsWith(' and more'), 'the later edit reaches B')
    writer.doc.getText('t').insert(109, ' still')
    await eventually(() => textOf(reader).endsWith(' still'), 'the last edit reaches B')
    expect(writer.stored.at(-1)).toBe(101)
    a!.process.kill('SIGKILL')
    await a!.exited
    await locker.query('rollback')
    await locker.end()
    expect(await storedText('brt/doc')).not.toContain('still')
    // The writer's device goes on through B, which holds the edit already: the device sends nothing of
    // it again, and B stores it, its publisher having never said it did.
    const again = clients.connect(b!.url, 'brt/doc', token, { ack: true, doc: writer.doc })
    await again.synced()
    again.doc.getText('t').insert(0, '> ')
    await eventually(() => textOf(reader) === textOf(again), "the reader has the writer's edit made through B")
    await eventually(async () => (await storedText('brt/doc')) === textOf(reader), 'all of it is stored', 15_000)
  })

  it('has everyone converge when Redis restarts mid-session', async () => {
    const [a, b] = await three()
    const token = await a!.invite('brt', 'member')
    const onA = clients.connect(a!.url, 'brt/doc', token)
    const onB = clients.connect(b!.url, 'brt/doc', token)
    await Promise.all([onA.synced(), onB.synced()])
    onA.doc.getText('t').insert(0, 'before ')
    await eventually(() => textOf(onB) === 'before ', 'an edit reaches B through Redis')
    const { redis } = await relays.servers()
    await redis.stop()
    // Published while Redis is down: lost on the bus, found again once it is back.
    onA.doc.getText('t').insert(7, 'during ')
    await new Promise((resolve) => setTimeout(resolve, 200))
    await redis.restart()
    onB.doc.getText('t').insert(0, '[b] ')
    await eventually(() => textOf(onA) === textOf(onB) && textOf(onA).length === '[b] before during '.length, 'both converge once Redis is back', 15_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}: A has "${textOf(onA)}", B "${textOf(onB)}"`)
      },
    )
    expect(textOf(onA)).toBe('[b] before during ')
  })

  it('keeps each feed gap-free and in order while writers on every instance change documents at once', async () => {
    const instances = await three()
    const token = await instances[0]!.invite('brt', 'member')
    const feeds = instances.map((relay) => raw.connect(relay.url, '/brt', token))
    for (const feed of feeds) await eventually(() => feed.frames.some((frame) => frameType(frame) === MESSAGE.changed), 'each feed starts')
    const writers = instances.flatMap((relay, instance) =>
      [0, 1, 2, 3].map((n) => clients.connect(relay.url, `brt/doc-${instance}-${n}`, token, { ack: true })),
    )
    await Promise.all(writers.map((writer) => writer.synced()))
    for (let round = 0; round < 10; round += 1) for (const writer of writers) writer.doc.getText('t').insert(0, 'x')
    await eventually(() => writers.every((writer) => (writer.stored.at(-1) ?? 0) >= 10), 'every edit is stored')
    const { databaseOf } = await relays.servers()
    const database = new pg.Client({ connectionString: await databaseOf(shared.path) })
    await database.connect()
    const latest = new Map(
      (await database.query<{ room: string; seq: string }>("select room, seq from changes where network = 'brt'")).rows.map((row) => [
        row.room.slice('brt/'.length),
        Number(row.seq),
      ]),
    )
    await database.end()
    expect(latest.size).toBe(writers.length)
    for (const feed of feeds) {
      await eventually(
        () => [...latest].every(([document, seq]) => changesIn(feed).some((change) => change.document === document && change.seq === seq)),
        "the feed tells each document's latest change",
      )
      const seqs = changesIn(feed).map((change) => change.seq)
      // In order, each number once: none skipped back over, none told twice.
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y))
      expect(new Set(seqs).size).toBe(seqs.length)
    }
  })
})
