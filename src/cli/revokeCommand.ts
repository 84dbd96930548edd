import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { CasebookError } from '../shared/errors.js'
import type { Command } from './command.js'
import { POSTGRES_OPTION, postgresOption } from './postgresOption.js'

const TOKEN_ID = /^[A-Za-z0-9_-]{1,64}$/

export const revokeCommand: Command = {
  name: 'revoke',
  usage: 'TOKEN_ID [--relay-data DIR | --postgres URL]',
  summary: "Revoke an invite (by its id, or the token itself) in a relay's data or its Postgres; every running relay closes its connections within a second.",
  options: {
    'relay-data': { type: 'string', value: 'DIR', description: "the relay's data directory (./relay-data)" },
    postgres: POSTGRES_OPTION,
  },
  positionals: { min: 1, max: 1, name: 'a token id or a token' },
  async run(context) {
    const [{ decodeClaims }, { RelayStore }] = await Promise.all([import('../relay/invites.js'), import('../relay/store.js')])
    const given = context.positionals[0] ?? ''
    const id = given.includes('.') ? (decodeClaims(given) as { jti?: unknown } | null)?.jti : given
    if (typeof id !== 'string' || !TOKEN_ID.test(id)) throw new CasebookError('USAGE', `"${given}" is neither a token id nor an invite token.`)
    const postgres = postgresOption(context)
    if (postgres) {
      await revokeInPostgres(postgres, id)
      return context.out(`Revoked ${id}.`)
    }
    const relayData = resolve(context.option('relay-data') ?? 'relay-data')
    if (!existsSync(join(relayData, 'relay.sqlite'))) throw new CasebookError('USAGE', `There is no relay data in ${relayData}; give --relay-data.`)
    const { SqliteRevocations } = await import('../relay/sqliteRevocations.js')
    const store = new RelayStore(relayData)
    try {
      await new SqliteRevocations(store).revoke(id)
    } finally {
      store.close()
    }
    context.out(`Revoked ${id}.`)
  },
}

/** Stores the revocation where a relay of several processes keeps them, and announces it to every one of them. */
async function revokeInPostgres(url: string, id: string): Promise<void> {
  const [{ openPostgres }, { PgRevocations }] = await Promise.all([import('../relay/postgres/openPostgres.js'), import('../relay/postgres/PgRevocations.js')])
  const pool = await openPostgres(url)
  try {
    await (await PgRevocations.open(pool, url)).revoke(id)
  } finally {
    await pool.end()
  }
}
