import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import type { Role } from '../../src/shared/protocol/invite.js'
import { signInvite } from '../../src/relay/invites.js'
import { loadSecret } from '../../src/relay/secret.js'
import { CASEBOOK_BIN } from './casebookBin.js'

export interface RelayProcess {
  /** ws://127.0.0.1:PORT */
  url: string
  /** http://127.0.0.1:PORT */
  http: string
  port: number
  dataDir: string
  process: ChildProcess
  /** Every JSON log line it has written. */
  logs: Record<string, unknown>[]
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Signs an invite with this relay's secret. */
  invite(network: string, role: Role, options?: { name?: string; city?: string; expiresIn?: string }): Promise<string>
}

/**
 * Real relay processes (`casebook relay`, the built CLI) on ephemeral loopback ports, each stopped
 * after the test; their data directories are removed too unless a test passed its own.
 */
export function useRelays(): { start(options?: { dataDir?: string; port?: number; args?: string[]; nodeArgs?: string[] }): Promise<RelayProcess> } {
  const started: RelayProcess[] = []
  const ownDirs: string[] = []
  afterEach(async () => {
    for (const relay of started.splice(0)) {
      relay.process.kill('SIGKILL')
      await relay.exited
    }
    for (const dir of ownDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  return {
    async start({ dataDir, port = 0, args = [], nodeArgs = [] } = {}) {
      const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'casebook-relay-'))
      if (!dataDir) ownDirs.push(dir)
      const env: NodeJS.ProcessEnv = { ...process.env, CASEBOOK_LOG_LEVEL: 'info' }
      delete env['CASEBOOK_RELAY_SECRET']
      const child = spawn(process.execPath, [...nodeArgs, CASEBOOK_BIN, 'relay', '--host', '127.0.0.1', '--port', String(port), '--data', dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env })
      const logs: Record<string, unknown>[] = []
      let stderr = ''
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
      const url = await new Promise<string>((resolve, reject) => {
        let pending = ''
        child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
          pending += chunk
          const lines = pending.split('\n')
          pending = lines.pop() ?? ''
          for (const line of lines) {
            const entry = JSON.parse(line) as Record<string, unknown>
            logs.push(entry)
            if (entry['msg'] === 'relay listening') resolve(String(entry['url']))
          }
        })
        void exited.then(({ code }) => reject(new Error(`the relay exited (${code}) before listening: ${stderr}`)))
      })
      const relay: RelayProcess = {
        url,
        http: url.replace(/^ws:/, 'http:'),
        port: Number(new URL(url).port),
        dataDir: dir,
        process: child,
        logs,
        exited,
        async invite(network, role, { name = 'Test user', city, expiresIn = '1h' } = {}) {
          return (await signInvite(loadSecret(dir, {}), { network, role, name, ...(city ? { city } : {}), expiresIn })).token
        },
      }
      started.push(relay)
      return relay
    },
  }
}
