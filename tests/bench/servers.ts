import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signInvite } from '../../src/relay/invites.js'
import { loadSecret } from '../../src/relay/secret.js'
import { CASEBOOK_BIN } from '../helpers/casebookBin.js'
import { freePort, stopChild } from '../helpers/childProcess.js'

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

/** Casebook's relay, with persistence, auth and everything on, started as `npm run relay` starts it. */
export async function startRelay(args: string[] = []): Promise<BenchServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'casebook-bench-relay-'))
  const port = await freePort()
  // Warnings only: the reference logs nothing per connection either.
  const child = spawn(process.execPath, [...relayNodeFlags(), CASEBOOK_BIN, 'relay', '--port', String(port), '--data', dataDir, ...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, CASEBOOK_LOG_LEVEL: 'warn' },
  })
  const url = `ws://127.0.0.1:${port}`
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`the relay exited with ${child.exitCode}`)
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((response) => response.ok, () => false)) break
    if (attempt > 200) throw new Error('the relay did not start')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  const { token } = await signInvite(loadSecret(dataDir, {}), { network: 'bench', role: 'member', name: 'Bench', expiresIn: '1d' })
  return {
    name: 'Casebook relay',
    url,
    params: { token },
    rss: () => rssOf(child),
    async stop() {
      await stopChild(child)
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** The reference: y-websocket 1.5.4's own bin/server.js (setupWSConnection, in memory, no auth). */
export async function startReference(): Promise<BenchServer> {
  const port = await freePort()
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/y-websocket-reference/bin/server.js')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
  })
  await new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.includes('running at')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`the reference server exited with ${code}`)))
  })
  return { name: 'y-websocket 1.5.4', url: `ws://127.0.0.1:${port}`, params: {}, rss: () => rssOf(child), stop: () => stopChild(child) }
}

function rssOf(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
  const kilobytes = /VmRSS:\s+(\d+) kB/.exec(status)?.[1]
  if (!kilobytes) throw new Error(`no VmRSS for process ${child.pid}`)
  return Number(kilobytes) * 1024
}
