import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { afterAll, afterEach, expect } from 'vitest'
import type { Role } from '../../src/shared/protocol/invite.js'
import { signInvite } from '../../src/relay/invites.js'
import { loadSecret } from '../../src/relay/secret.js'
import type { CliResult } from './cli.js'
import { parseMetrics } from './parseMetrics.js'
import { RelayWatch } from './relayWatch.js'
import { TempDirs } from './tempDirs.js'

export interface RelayProcess {
  /** ws://127.0.0.1:PORT, or wss:// with --tls-cert and --tls-key */
  url: string
  /** http://127.0.0.1:PORT, or https:// */
  http: string
  port: number
  dataDir: string
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
}

/**
 * Real relay processes (`casebook relay`, the built CLI) on ephemeral loopback ports, each stopped
 * after the test; their data directories are removed too unless a test passed its own.
 *
 * Once the tests that called this are done, every line any of them wrote (stdout and stderr) is
 * checked for tokens (see RelayWatch).
 */
export function useRelays(): Relays {
  const started: RelayProcess[] = []
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
    async start({ dataDir, port = 0, args = [], nodeArgs = [], metrics = true, env = {} } = {}) {
      const dir = dataDir ?? ownDirs.make()
      const metricsToken = metrics ? randomBytes(16).toString('hex') : null
      const metricsArgs = metricsToken ? ['--metrics-token', metricsToken] : []
      const child = watch.spawn(['--host', '127.0.0.1', '--port', String(port), '--data', dir, ...metricsArgs, ...args], { nodeArgs, env })
      const logOf = (line: string) => JSON.parse(line) as Record<string, unknown>
      const url = String(logOf(await child.waitForLine((line) => logOf(line)['msg'] === 'relay listening'))['url'])
      const relay: RelayProcess = {
        url,
        http: url.replace(/^ws/, 'http'),
        port: Number(new URL(url).port),
        dataDir: dir,
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
