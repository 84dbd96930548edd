import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openPostgres } from '../../../src/relay/postgres/openPostgres.js'
import { PgRevocations } from '../../../src/relay/postgres/PgRevocations.js'
import { casebook } from '../../helpers/cli.js'
import { eventually } from '../../helpers/eventually.js'
import { type PostgresServer, startPostgres } from '../../helpers/postgresServer.js'

const START = ['workshop', 'start', '--network', 'brt', '--document', 'notes', '--public-url', 'https://relay.example.org', '--json']

describe('casebook revoke and workshop start with --postgres', () => {
  let server: PostgresServer
  let db: pg.Client
  const opened: { end(): Promise<void> }[] = []

  beforeAll(async () => {
    server = await startPostgres()
    db = new pg.Client({ connectionString: server.url })
    await db.connect()
  })
  afterAll(async () => {
    await db.end()
    await server.stop()
  })
  afterEach(async () => {
    for (const item of opened.splice(0)) await item.end()
  })

  it('revoke writes the row, by the flag or $CASEBOOK_RELAY_POSTGRES, and a listening relay hears of it', async () => {
    const pool = await openPostgres(server.url)
    const relay = await PgRevocations.open(pool, server.url)
    opened.push({ end: () => relay.close() }, pool)
    let heard = 0
    relay.onRevoked(() => (heard += 1))
    await eventually(() => heard === 1, 'the relay listens')

    expect(await casebook(['revoke', 'tok-ana', '--postgres', server.url])).toEqual({ code: 0, stdout: 'Revoked tok-ana.\n', stderr: '' })
    await eventually(() => heard === 2, 'the relay hears of the revocation', 1000)
    expect(await casebook(['revoke', 'tok-bo'], { env: { CASEBOOK_RELAY_POSTGRES: server.url } })).toEqual({ code: 0, stdout: 'Revoked tok-bo.\n', stderr: '' })
    expect((await db.query('select token_id from revoked order by id')).rows).toEqual([{ token_id: 'tok-ana' }, { token_id: 'tok-bo' }])
  })

  it('say plainly, without a stack, that a Postgres cannot be reached, naming its address without the password', async () => {
    const result = await casebook(['revoke', 'tok-ana', '--postgres', 'postgres://casebook:secret@127.0.0.1:1/casebook'])
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'casebook: Could not reach Postgres at postgres://casebook:***@127.0.0.1:1/casebook: connect ECONNREFUSED 127.0.0.1:1\n',
    })
  })

  it.each([
    [['revoke', 'tok-ana', '--postgres', 'mysql://db/casebook'], '--postgres must be an address such as postgres://casebook@db.example.org/casebook.'],
    [['revoke', 'tok-ana', '--postgres', 'postgres://db/x', '--relay-data', 'relay-data'], 'Give --relay-data or --postgres, not both.'],
  ])('refuse %j', async (args, message) => {
    expect(await casebook(args)).toEqual({ code: 2, stdout: '', stderr: `casebook: ${message}\n` })
  })

  it("workshop start records a workshop on a document of the relay's Postgres, and refuses one it has not", async () => {
    // Before a relay has made the document tables, and once it has, without the document.
    const refused = { code: 2, stdout: '', stderr: 'casebook: Network brt has no document notes on this relay.\n' }
    expect(await casebook([...START, '--postgres', server.url])).toEqual(refused)
    // The document store's tables, as far as the command reads them.
    await db.query('create table snapshots (room text not null); create table updates (room text not null)')
    expect(await casebook([...START, '--postgres', server.url])).toEqual(refused)

    await db.query("insert into updates (room) values ('brt/notes'), ('brt/notes')")
    const started = await casebook(START, { env: { CASEBOOK_RELAY_POSTGRES: server.url } })
    expect(started).toMatchObject({ code: 0, stderr: '' })
    const printed = JSON.parse(started.stdout) as { code: string; link: string; network: string; document: string; endsAt: string }
    const { rows } = await db.query<{ code: string; network: string; document: string; ends_at: string }>(
      'select code, network, document, ends_at from workshops',
    )
    expect(rows).toEqual([{ code: printed.code.replace('-', ''), network: 'brt', document: 'notes', ends_at: String(Date.parse(printed.endsAt)) }])
    expect(printed.link).toBe(`https://relay.example.org/w/${printed.code}`)
  })
})
