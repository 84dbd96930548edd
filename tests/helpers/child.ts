import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { CASEBOOK_BIN } from './casebookBin.js'

export interface Child {
  process: ChildProcess
  /** Every line the child has written to stdout so far. */
  lines: string[]
  stderr(): string
  /** Resolves with the first line (already written or yet to come) that matches. */
  waitForLine(match: (line: string) => boolean, timeoutMs?: number): Promise<string>
  /** Resolves when the child has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

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

function spawnNode(nodeArgs: string[], script: string, env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, nodeArgs, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  running.add(child)
  const lines: string[] = []
  let pending = ''
  let errors = ''
  const listeners = new Set<() => void>()
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk
    const complete = pending.split('\n')
    pending = complete.pop() ?? ''
    lines.push(...complete)
    for (const listener of listeners) listener()
  })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      running.delete(child)
      // Let the last stdout data arrive before anyone reads `lines`.
      child.stdout!.on('close', () => resolve({ code, signal }))
      if (child.stdout!.closed) resolve({ code, signal })
    }),
  )
  return {
    process: child,
    lines,
    stderr: () => errors,
    exited,
    waitForLine(match, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find(match)
          if (line === undefined) return
          cleanup()
          resolve(line)
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(new Error(`child ${script} wrote no matching line in ${timeoutMs} ms; stderr: ${errors}`))
        }, timeoutMs)
        const onExit = () => {
          check()
          cleanup()
          reject(new Error(`child ${script} exited before writing a matching line; stderr: ${errors}`))
        }
        const cleanup = () => {
          clearTimeout(timer)
          listeners.delete(check)
          child.off('exit', onExit)
        }
        listeners.add(check)
        child.once('exit', onExit)
        check()
      })
    },
  }
}
