import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { signInvite } from '../../src/relay/invites.js'
import { loadSecret } from '../../src/relay/secret.js'
import { CASEBOOK_BIN } from '../helpers/casebookBin.js'
import { freePort, startNode, stopChild } from '../helpers/childProcess.js'
import { parseMetrics } from '../helpers/parseMetrics.js'
import { TempDirs } from '../helpers/tempDirs.js'

/** A server under test, in its own process, so its memory is its own. */
export interface BenchServer {
  name: string
  url: string
  /** The query parameters a client needs for the bench network. */
  params: Record<string, string>
  /** Resident memory of the server process now, in bytes. */
  rss(): number
  stop(): Promise<void>
}

const ROOT = join(import.meta.dirname, '../..')

/** Node flags of `npm run relay`, so that the bench measures the relay as it is meant to run. */
function relayNodeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  const words = (manifest.scripts['relay'] ?? '').split(/\s+/)
  return words.slice(1, words.indexOf('bin/casebook.cjs'))
}

/** Casebook's relay as a bench starts it: invites and metrics too. */
export interface BenchRelay extends BenchServer {
  /** Signs a member invite to the bench network with the relay's secret, as `casebook invite` does. */
  invite(name: string): Promise<string>
  /** Reads its /metrics: each sample's value by its name and labels. */
  metrics(): Promise<Map<string, number>>
  /** CPU time its main thread (its event loop) has used, in ms, to the kernel's tick (10 ms). */
  mainThreadCpuMs(): number
  /** Ends it as a crash would (SIGKILL), and resolves once it has exited. */
  kill(): Promise<void>
}

/**
 * Casebook's relay, with persistence, auth and everything on, started as `npm run relay` starts it,
 * with `args` added to its flags. Its per-token and per-address limits are lifted unless `liftLimits`
 * is false: most benches' clients share one token and one address, and start hundreds of documents a
 * minute. It starts on an empty data directory of its own, removed when it stops, unless given one.
 */
export async function startRelay(args: string[] = [], { liftLimits = true, dataDir = '' } = {}): Promise<BenchRelay> {
  const dirs = new TempDirs('casebook-bench-relay-')
  dataDir ||= dirs.make()
  const port = await freePort()
  const lifted = liftLimits
    ? ['--max-connections-per-token', '--max-connections-per-address', '--max-documents-per-token', '--new-documents-per-minute'].flatMap((flag) => [
        flag,
        '100000',
      ])
    : []
  const metricsToken = randomBytes(16).toString('hex')
  // Warnings only: the reference logs nothing per connection either.
  const child = spawn(process.execPath, [...relayNodeFlags(), CASEBOOK_BIN, 'relay', '--port', String(port), '--data', dataDir, ...lifted, ...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, CASEBOOK_LOG_LEVEL: 'warn', CASEBOOK_METRICS_TOKEN: metricsToken },
  })
  const url = `ws://127.0.0.1:${port}`
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`the relay exited with ${child.exitCode}`)
    if (
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (response) => response.ok,
        () => false,
      )
    )
      break
    if (attempt > 200) throw new Error('the relay did not start')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  const invite = async (name: string) => (await signInvite(loadSecret(dataDir, {}), { network: 'bench', role: 'member', name, expiresIn: '1d' })).token
  return {
    name: 'Casebook relay',
    url,
    params: { token: await invite('Bench') },
    rss: () => rssOf(child),
    mainThreadCpuMs: () => mainThreadCpuMs(child),
    invite,
    async metrics() {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })
      if (!response.ok) throw new Error(`the relay answered /metrics with ${response.status}`)
      return parseMetrics(await response.text())
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
    },
    async stop() {
      await stopChild(child)
      dirs.removeAll()
    },
  }
}

/** The reference: y-websocket 1.5.4's own bin/server.js (setupWSConnection, in memory, no auth). */
export async function startReference(): Promise<BenchServer> {
  const port = await freePort()
  const reference = startNode([join(ROOT, 'node_modules/y-websocket-reference/bin/server.js')], {
    name: 'the reference server',
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
  })
  await reference.waitForLine((line) => line.includes('running at'))
  const child = reference.process
  return { name: 'y-websocket 1.5.4', url: `ws://127.0.0.1:${port}`, params: {}, rss: () => rssOf(child), stop: () => stopChild(child) }
}

/** utime and stime of the process's first thread, from /proc (fields 14 and 15, in ticks of 10 ms). */
function mainThreadCpuMs(child: ChildProcess): number {
  const fields = readFileSync(`/proc/${child.pid}/task/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

function rssOf(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
  const kilobytes = /VmRSS:\s+(\d+) kB/.exec(status)?.[1]
  if (!kilobytes) throw new Error(`no VmRSS for process ${child.pid}`)
  return Number(kilobytes) * 1024
}
