import { expect, test as base } from '@playwright/test'
import { type Child, Children, freePort, stopChild } from '../../helpers/childProcess.js'
import { CASEBOOK_BIN } from '../../helpers/casebookBin.js'
import { casebookSync } from '../../helpers/cli.js'
import { RelayWatch } from '../../helpers/relayWatch.js'
import { TempDirs } from '../../helpers/tempDirs.js'

export interface Shell {
  /** The page's address, with its secret. */
  url: string
  dataDir: string
  stop(): Promise<void>
}

export interface RelayProcess {
  url: string
  dataDir: string
  port: number
  stop(): Promise<void>
  /** Starts it again on the same port and data. */
  start(): Promise<void>
}

/** What each test starts: stopped, and its directories removed, when the test ends. */
export interface Processes {
  tempDir(): string
  /** `casebook serve` on a data directory (a new one unless given), with `args` (its port, say) and `env` added to this process's. */
  shell(dataDir?: string, args?: string[], env?: NodeJS.ProcessEnv): Promise<Shell>
  /** `casebook relay`, with `args` (its limits, say) besides its port and data directory. */
  relay(args?: string[]): Promise<RelayProcess>
  /** `casebook invite`, as a facilitator runs it on the relay's machine; `networkName` is the network's display name. */
  invite(
    relay: RelayProcess,
    options: { network: string; networkName?: string; role: 'viewer' | 'member' | 'facilitator'; name: string; city?: string },
  ): string
}

export const test = base.extend<{ processes: Processes }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this destructuring; it has none.
  processes: async ({}, use) => {
    const { processes, stopAll, relayLeaks } = startProcesses()
    await use(processes)
    await stopAll()
    expect(relayLeaks(), 'relay log lines holding a token').toEqual([])
  },
})

/**
 * Processes and directories for a test or a benchmark, and how to stop and remove them all; and every
 * line the relays wrote that holds a token (see RelayWatch).
 */
export function startProcesses(): { processes: Processes; stopAll: () => Promise<void>; relayLeaks: () => string[] } {
  const children = new Children()
  const watch = new RelayWatch()
  const dirs = new TempDirs('casebook-e2e-')
  const tempDir = () => dirs.make()
  const processes: Processes = {
    tempDir,
    async shell(dataDir = tempDir(), args = [], env = {}) {
      const child = children.start([CASEBOOK_BIN, 'serve', '--data', dataDir, ...args], { name: 'casebook serve', env: { ...process.env, ...env } })
      const url = await child.waitForLine((line) => line.startsWith('http://127.0.0.1:'))
      return { url: url.trim(), dataDir, stop: () => stopChild(child.process) }
    },
    async relay(args = []) {
      const dataDir = tempDir()
      const port = await freePort()
      let child: Child | null = null
      const relay: RelayProcess = {
        url: `ws://127.0.0.1:${port}`,
        dataDir,
        port,
        async start() {
          child = watch.spawn(['--port', String(port), '--data', dataDir, ...args])
          await child.waitForLine((line) => line.includes('relay listening'))
        },
        async stop() {
          if (child) await stopChild(child.process)
          child = null
        },
      }
      await relay.start()
      return relay
    },
    invite(relay, { network, networkName, role, name, city }) {
      const args = ['invite', '--network', network, '--role', role, '--name', name, '--relay-data', relay.dataDir, ...(city ? ['--city', city] : [])]
      if (networkName) args.push('--network-name', networkName)
      const { code, stdout, stderr } = casebookSync(args)
      if (code !== 0) throw new Error(`casebook invite failed (${code}): ${stderr}`)
      return watch.issued(stdout.trim())
    },
  }
  const stopAll = async () => {
    await Promise.all([children.stopAll(), watch.stopAll()])
    dirs.removeAll()
  }
  return { processes, stopAll, relayLeaks: () => watch.leaks() }
}

export { expect } from '@playwright/test'
