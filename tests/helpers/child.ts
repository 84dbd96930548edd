import { join } from 'node:path'
import { afterEach } from 'vitest'
import { CASEBOOK_BIN } from './casebookBin.js'
import { type Child, Children } from './childProcess.js'

const children = new Children()

/** Kills whatever a test left running, so no test leaves a process behind. */
export function useChildren(): void {
  afterEach(() => children.killAll())
}

/** Runs a TypeScript file from tests/integration/children in its own Node process, with this process's environment and `env`. */
export function spawnChild(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Child {
  return children.start(['--import', 'tsx', join(import.meta.dirname, '../integration/children', script), ...args], {
    name: `child ${script}`,
    env: { ...process.env, ...env },
  })
}

/** Runs the built `casebook` command line, as a user would, for a command that keeps running. */
export function spawnCasebook(args: string[]): Child {
  return children.start([CASEBOOK_BIN, ...args], { name: `child casebook ${args[0] ?? ''}` })
}
