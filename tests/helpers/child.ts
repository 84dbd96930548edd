import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { CASEBOOK_BIN } from './casebookBin.js'
import { type Child, watchChild } from './childProcess.js'

const running = new Set<ChildProcess>()

/** Kills whatever a test left running, so no test leaves a process behind. */
export function useChildren(): void {
  afterEach(() => {
    for (const child of running) child.kill('SIGKILL')
    running.clear()
  })
}

/** Runs a TypeScript file from tests/integration/children in its own Node process, with this process's environment and `env`. */
export function spawnChild(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Child {
  return spawnNode(['--import', 'tsx', join(import.meta.dirname, '../integration/children', script), ...args], script, env)
}

/** Runs the built `casebook` command line, as a user would, for a command that keeps running. */
export function spawnCasebook(args: string[]): Child {
  return spawnNode([CASEBOOK_BIN, ...args], `casebook ${args[0] ?? ''}`)
}

function spawnNode(nodeArgs: string[], name: string, env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, nodeArgs, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  running.add(child)
  child.on('exit', () => running.delete(child))
  return watchChild(child, `child ${name}`)
}
