import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, expect } from 'vitest'
import type { Role } from '../../src/shared/protocol/invite.js'
import { signInvite } from '../../src/relay/invites.js'
import { loadSecret } from '../../src/relay/secret.js'
import { CASEBOOK_BIN } from './casebookBin.js'
import { parseMetrics } from './parseMetrics.js'

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
  /** Signs an invite with this relay's secret. */
  invite(network: string, role: Role, options?: { name?: string; city?: string; expiresIn?: string }): Promise<string>
}

/** Anything shaped like a JWT (a header starting `{"`, base64url-encoded, then two more parts). */
const JWT = /eyJ[\w-]*\.[\w-]*\.[\w-]+/

/**
 * Real relay processes (`casebook relay`, the built CLI) on ephemeral loopback ports, each stopped
 * after the test; their data directories are removed too unless a test passed its own. They get this
 * process's environment without CASEBOOK_RELAY_SECRET and CASEBOOK_METRICS_TOKEN, plus `env`.
 *
 * They log at debug level, and once the tests that called this are done, every line any of them
 * wrote (stdout and stderr) is checked for tokens: the signature of each invite issued through
 * `invite()`, and anything shaped like a JWT, such as the tokens tests forge.
 */
export function useRelays(): { start(options?: { dataDir?: string; port?: number; args?: string[]; nodeArgs?: string[]; metrics?: boolean; env?: NodeJS.ProcessEnv }): Promise<RelayProcess> } {
  const started: RelayProcess[] = []
  const ownDirs: string[] = []
  /** Everything each relay wrote, a stream at a time, so that no token is split between chunks. */
  const output: { text: string }[] = []
  const signatures = new Set<string>()
  afterAll(() => {
    const leaks = output.flatMap(({ text }) => text.split('\n')).filter((line) => JWT.test(line) || [...signatures].some((signature) => line.includes(signature)))
    expect(leaks, 'relay log lines holding a token').toEqual([])
  })
  afterEach(async () => {
    for (const relay of started.splice(0)) {
      relay.process.kill('SIGKILL')
      await relay.exited
    }
    for (const dir of ownDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  return {
    async start({ dataDir, port = 0, args = [], nodeArgs = [], metrics = true, env: extraEnv = {} } = {}) {
      const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'casebook-relay-'))
      if (!dataDir) ownDirs.push(dir)
      const env: NodeJS.ProcessEnv = { ...process.env, CASEBOOK_LOG_LEVEL: 'debug' }
      delete env['CASEBOOK_RELAY_SECRET']
      delete env['CASEBOOK_METRICS_TOKEN']
      Object.assign(env, extraEnv)
      const metricsToken = metrics ? randomBytes(16).toString('hex') : null
      const metricsArgs = metricsToken ? ['--metrics-token', metricsToken] : []
      const child = spawn(process.execPath, [...nodeArgs, CASEBOOK_BIN, 'relay', '--host', '127.0.0.1', '--port', String(port), '--data', dir, ...metricsArgs, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env })
      const logs: Record<string, unknown>[] = []
      const [stdout, stderr] = [{ text: '' }, { text: '' }]
      output.push(stdout, stderr)
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr.text += chunk))
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
      const url = await new Promise<string>((resolve, reject) => {
        let pending = ''
        child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
          stdout.text += chunk
          pending += chunk
          const lines = pending.split('\n')
          pending = lines.pop() ?? ''
          for (const line of lines) {
            const entry = JSON.parse(line) as Record<string, unknown>
            logs.push(entry)
            if (entry['msg'] === 'relay listening') resolve(String(entry['url']))
          }
        })
        void exited.then(({ code }) => reject(new Error(`the relay exited (${code}) before listening: ${stderr.text}`)))
      })
      const relay: RelayProcess = {
        url,
        http: url.replace(/^ws/, 'http'),
        port: Number(new URL(url).port),
        dataDir: dir,
        process: child,
        logs,
        exited,
        metricsToken,
        async metrics() {
          const response = await fetch(`${relay.http}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })
          if (!response.ok) throw new Error(`the relay answered /metrics with ${response.status}`)
          return parseMetrics(await response.text())
        },
        async invite(network, role, { name = 'Test user', city, expiresIn = '1h' } = {}) {
          const { token } = await signInvite(loadSecret(dir, {}), { network, role, name, ...(city ? { city } : {}), expiresIn })
          signatures.add(token.split('.')[2]!)
          return token
        },
      }
      started.push(relay)
      return relay
    },
  }
}
