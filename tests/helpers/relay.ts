import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, afterEach, expect } from 'vitest'
import type { Role } from '../../src/shared/protocol/invite.js'
import { signInvite } from '../../src/relay/invites.js'
import { loadSecret } from '../../src/relay/secret.js'
import type { CliResult } from './cli.js'
import { parseMetrics } from './parseMetrics.js'
import { type PostgresServer, startPostgres } from './postgresServer.js'
import { type RedisServer, startRedis } from './redisServer.js'
import { RelayWatch } from './relayWatch.js'
import { TempDirs } from './tempDirs.js'

export interface RelayProcess {
  /** ws://127.0.0.1:PORT, or wss:// with --tls-cert and --tls-key */
  url: string
  /** http://127.0.0.1:PORT, or https:// */
  http: string
  port: number
  dataDir: string
  /** The Postgres database it keeps everything in, on Postgres; null on SQLite (in dataDir). */
  postgres: string | null
  process: ChildProcess
  /** Every JSON log line it has written. */
  logs: Record<string, unknown>[]
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** The token its /metrics takes (--metrics-token), unless started with `metrics: false`. */
  metricsToken: string | null
  /** Reads its /metrics with its token: each sample's value by its name and labels. */
  metrics(): Promise<Map<string, number>>
  /** Signs an invite with this relay's secret; `title` is the network's display name. */
  invite(network: string, role: Role, options?: { name?: string; city?: string; title?: string; expiresIn?: string }): Promise<string>
}

type StartOptions = { dataDir?: string; port?: number; args?: string[]; nodeArgs?: string[]; metrics?: boolean; env?: NodeJS.ProcessEnv }

export interface Relays {
  start(options?: StartOptions): Promise<RelayProcess>
  /** Stops `relay` as its operator would (SIGTERM), checks that it stopped cleanly, and starts another on its data directory: to see what it stored. */
  restart(relay: RelayProcess, options?: Omit<StartOptions, 'dataDir'>): Promise<RelayProcess>
  /** Runs `casebook relay` with `args` to its end, for a start that is to fail; its output is checked too. */
  run(args: string[], options?: { env?: NodeJS.ProcessEnv; cwd?: string }): Promise<CliResult>
  /** Notes an invite issued otherwise than by `invite()` (with `casebook invite`, say), so that it is looked for too; returns it. */
  issued(token: string): string
  /** On Postgres and Redis: the servers, and the database of the relays started on a data directory. */
  servers(): Promise<{ postgres: PostgresServer; redis: RedisServer; databaseOf(dataDir: string): Promise<string> }>
}

/**
 * Which backends the relays run on: SQLite in their data directory, or Postgres and Redis, each data
 * directory (so each relay started without one, and all those started on one) a database of its own,
 * as several relay processes of one deployment share it. CASEBOOK_TEST_RELAY_BACKEND=postgres runs a
 * suite's relays on Postgres and Redis (see scripts/test.mjs).
 */
export type RelayBackend = 'sqlite' | 'postgres'

function backendFromEnvironment(): RelayBackend {
  const given = process.env['CASEBOOK_TEST_RELAY_BACKEND'] || 'sqlite'
  if (given !== 'sqlite' && given !== 'postgres') throw new Error(`CASEBOOK_TEST_RELAY_BACKEND must be sqlite or postgres, not "${given}".`)
  return given
}

/**
 * Real relay processes (`casebook relay`, the built CLI) on ephemeral loopback ports, each stopped
 * after the test; their data directories are removed too unless a test passed its own.
 *
 * Once the tests that called this are done, every line any of them wrote (stdout and stderr) is
 * checked for tokens (see RelayWatch).
 */
export function useRelays({ backend = backendFromEnvironment() }: { backend?: RelayBackend } = {}): Relays {
  const started: RelayProcess[] = []
  let servers: Promise<{ postgres: PostgresServer; redis: RedisServer }> | null = null
  const databases = new Map<string, Promise<string>>()
  const serversStarted = () => (servers ??= Promise.all([startPostgres(), startRedis()]).then(([postgres, redis]) => ({ postgres, redis })))
  const databaseOf = (dataDir: string): Promise<string> => {
    let database = databases.get(dataDir)
    if (!database) {
      database = serversStarted().then(async ({ postgres }) => {
        const name = `relay_${databases.size}`
        const admin = new pg.Client({ connectionString: postgres.url })
        await admin.connect()
        try {
          await admin.query(`create database ${name}`)
        } finally {
          await admin.end()
        }
        return postgres.url.replace(/\/postgres$/, `/${name}`)
      })
      databases.set(dataDir, database)
    }
    return database
  }
  afterAll(async () => {
    if (!servers) return
    const { postgres, redis } = await servers
    await Promise.all([postgres.stop(), redis.stop()])
  })
  const ownDirs = new TempDirs('casebook-relay-')
  const watch = new RelayWatch()
  afterAll(() => {
    expect(watch.leaks(), 'relay log lines holding a token').toEqual([])
  })
  afterEach(async () => {
    for (const relay of started.splice(0)) {
      relay.process.kill('SIGKILL')
      await relay.exited
    }
    ownDirs.removeAll()
  })
  const relays: Relays = {
    async restart(relay, options = {}) {
      relay.process.kill('SIGTERM')
      expect((await relay.exited).code, 'the relay stopped cleanly').toBe(0)
      return relays.start({ ...options, dataDir: relay.dataDir })
    },
    run: (args, options) => watch.run(args, options),
    issued: (token) => watch.issued(token),
    async servers() {
      return { ...(await serversStarted()), databaseOf }
    },
    async start({ dataDir, port = 0, args = [], nodeArgs = [], metrics = true, env = {} } = {}) {
      const dir = dataDir ?? ownDirs.make()
      const metricsToken = metrics ? randomBytes(16).toString('hex') : null
      const metricsArgs = metricsToken ? ['--metrics-token', metricsToken] : []
      const postgres = backend === 'postgres' ? await databaseOf(dir) : null
      const backendArgs = postgres ? ['--postgres', postgres, '--redis', (await serversStarted()).redis.url] : []
      const child = watch.spawn(['--host', '127.0.0.1', '--port', String(port), '--data', dir, ...metricsArgs, ...backendArgs, ...args], { nodeArgs, env })
      const logOf = (line: string) => JSON.parse(line) as Record<string, unknown>
      const listening = logOf(await child.waitForLine((line) => logOf(line)['msg'] === 'relay listening'))
      // A suite asked to run on Postgres must not pass on SQLite unseen.
      expect(listening['store'], 'the store the relay runs on').toBe(backend)
      const url = String(listening['url'])
      const relay: RelayProcess = {
        url,
        http: url.replace(/^ws/, 'http'),
        port: Number(new URL(url).port),
        dataDir: dir,
        postgres,
        process: child.process,
        get logs() {
          return child.lines.map(logOf)
        },
        exited: child.exited,
        metricsToken,
        async metrics() {
          const response = await fetch(`${relay.http}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })
          if (!response.ok) throw new Error(`the relay answered /metrics with ${response.status}`)
          return parseMetrics(await response.text())
        },
        async invite(network, role, { name = 'Test user', city, title, expiresIn = '1h' } = {}) {
          const { token } = await signInvite(loadSecret(dir, {}), { network, title, role, name, ...(city ? { city } : {}), expiresIn })
          return watch.issued(token)
        },
      }
      started.push(relay)
      return relay
    },
  }
  return relays
}
