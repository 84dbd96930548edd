import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { openPostgres } from '../../src/relay/postgres/openPostgres.js'
import { freePort } from './childProcess.js'

/** A throwaway Postgres server on a loopback port, its data in a temporary directory. */
export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string
  port: number
  process: ChildProcess
  /** Stops the server (fast shutdown) and removes its data. */
  stop(): Promise<void>
}

const POSTGRES_USER = 'postgres'

/** The newest Debian Postgres's programs, or a message saying what to install. */
function binDir(): string {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).filter((name) => existsSync(join(root, name, 'bin', 'postgres'))) : []
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0]
  if (!newest) throw new Error('These tests need Postgres: install it with "apt-get install -y postgresql".')
  return join(root, newest, 'bin')
}

/** The postgres user's ids when this process is root, to run initdb and postgres as: both refuse root. */
function asPostgres(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {}
  const id = (flag: string) => Number(spawnSync('id', [flag, POSTGRES_USER], { encoding: 'utf8' }).stdout.trim())
  const ids = { uid: id('-u'), gid: id('-g') }
  if (!Number.isInteger(ids.uid) || ids.uid === 0) throw new Error('These tests need the postgres user, which "apt-get install -y postgresql" makes.')
  return ids
}

/**
 * A data directory made once by initdb (2–3 s) and copied for each server (a fraction of a second).
 * Made beside its final name and renamed, so that test files starting servers at once never see half of one.
 */
function template(bin: string): string {
  const dir = join(tmpdir(), `casebook-pg-template-${process.getuid?.() ?? 0}`)
  if (existsSync(join(dir, 'PG_VERSION'))) return dir
  const making = mkdtempSync(join(tmpdir(), 'casebook-pg-making-'))
  chown(making)
  const args = ['-D', making, '--auth=trust', '--username', POSTGRES_USER, '--no-sync', '--encoding=UTF8', '--locale=C']
  const made = spawnSync(join(bin, 'initdb'), args, { encoding: 'utf8', ...asPostgres() })
  if (made.status !== 0) throw new Error(`initdb failed: ${made.stderr || made.stdout}`)
  try {
    renameSync(making, dir)
  } catch {
    // Another test file made it first.
    rmSync(making, { recursive: true, force: true })
  }
  return dir
}

function chown(path: string): void {
  if (process.getuid?.() !== 0) return
  const owned = spawnSync('chown', ['-R', `${POSTGRES_USER}:${POSTGRES_USER}`, path], { encoding: 'utf8' })
  if (owned.status !== 0) throw new Error(`Could not give ${path} to the postgres user: ${owned.stderr}`)
}

/**
 * Starts a Postgres server on a free loopback port. `durable: false` turns fsync off, for tests
 * that do not kill the server itself; the benchmark keeps it on.
 */
export async function startPostgres({ durable = false }: { durable?: boolean } = {}): Promise<PostgresServer> {
  const bin = binDir()
  const dir = mkdtempSync(join(tmpdir(), 'casebook-pg-'))
  rmSync(dir, { recursive: true })
  cpSync(template(bin), dir, { recursive: true })
  chown(dir)
  const port = await freePort()
  const settings = ['-c', `fsync=${durable ? 'on' : 'off'}`, '-c', 'max_connections=200', '-c', 'shared_buffers=64MB']
  const args = ['-D', dir, '-p', String(port), '-h', '127.0.0.1', '-k', dir, ...settings]
  const child = spawn(join(bin, 'postgres'), args, { stdio: ['ignore', 'ignore', 'pipe'], ...asPostgres() })
  let log = ''
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = `postgres://${POSTGRES_USER}@127.0.0.1:${port}/postgres`
  const stop = async () => {
    // SIGINT is Postgres's fast shutdown.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT')
    await exited
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await untilAnswers(url, () => child.exitCode !== null)
  } catch (error) {
    await stop()
    throw new Error(`Postgres did not start: ${(error as Error).message}\n${log}`)
  }
  return { url, port, process: child, stop }
}

async function untilAnswers(url: string, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000
  for (;;) {
    const client = new pg.Client({ connectionString: url })
    try {
      await client.connect()
      await client.query('select 1')
      return
    } catch (error) {
      if (exited() || Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 100))
    } finally {
      await client.end().catch(() => {})
    }
  }
}

/**
 * A throwaway Postgres for a test file: `tables` dropped before each test, and `pool()` a pool of its
 * own at each call, as each relay process has one, ended after the test (after what `closeAfter` was
 * given, which may use them).
 */
export function usePostgres(tables: string): { readonly url: string; pool(): Promise<pg.Pool>; closeAfter(close: () => Promise<void>): void } {
  let server: PostgresServer | null = null
  const closing: (() => Promise<void>)[] = []
  const url = () => {
    if (!server) throw new Error('The test file has no Postgres yet: use it inside a test.')
    return server.url
  }
  beforeAll(async () => {
    server = await startPostgres()
  })
  afterAll(() => server?.stop())
  beforeEach(async () => {
    const db = new pg.Client({ connectionString: url() })
    await db.connect()
    await db.query(`drop table if exists ${tables}`)
    await db.end()
  })
  afterEach(async () => {
    for (const close of closing.splice(0)) await close()
  })
  return {
    get url() {
      return url()
    },
    async pool() {
      const pool = await openPostgres(url())
      closing.push(() => pool.end())
      return pool
    },
    closeAfter(close) {
      closing.unshift(close)
    },
  }
}
