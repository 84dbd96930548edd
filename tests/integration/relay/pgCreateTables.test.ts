import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PgBlobs } from '../../../src/relay/postgres/PgBlobs.js'
import { PgRevocations } from '../../../src/relay/postgres/PgRevocations.js'
import { PgWorkshops } from '../../../src/relay/postgres/PgWorkshops.js'
import { openPostgres } from '../../../src/relay/postgres/openPostgres.js'
import { type PostgresServer, startPostgres } from '../../helpers/postgresServer.js'

describe("the Postgres stores' tables", () => {
  let server: PostgresServer
  beforeAll(async () => {
    server = await startPostgres()
  })
  afterAll(() => server.stop())

  it('are made once when several relays open their stores at once on an empty database', async () => {
    const pools = await Promise.all(Array.from({ length: 4 }, () => openPostgres(server.url)))
    try {
      for (let round = 0; round < 5; round += 1) {
        await pools[0]!.query('drop table if exists revoked, workshops, workshop_guests, blobs')
        const opening = pools.flatMap((pool) => [PgRevocations.open(pool, server.url), PgWorkshops.open(pool), PgBlobs.open(pool)])
        const failed = (await Promise.allSettled(opening)).filter((result) => result.status === 'rejected')
        expect(failed).toEqual([])
      }
    } finally {
      for (const pool of pools) await pool.end()
    }
  })
})
