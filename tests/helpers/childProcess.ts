import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'

/** A child process started with piped stdout and stderr, and what it has written. */
export interface Child {
  process: ChildProcess
  /** Every line the child has written to stdout so far. */
  lines: string[]
  /** All it has written to stdout so far, a last line without its newline too. */
  stdout(): string
  stderr(): string
  /** Resolves with the first line (already written or yet to come) that matches. */
  waitForLine(match: (line: string) => boolean, timeoutMs?: number): Promise<string>
  /** Resolves when the child has exited and all it wrote has been read. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Reads a child's output from now on; `name` says which child in errors. */
export function watchChild(child: ChildProcess, name: string): Child {
  const lines: string[] = []
  let written = ''
  let pending = ''
  let errors = ''
  const listeners = new Set<() => void>()
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    written += chunk
    pending += chunk
    const complete = pending.split('\n')
    pending = complete.pop() ?? ''
    lines.push(...complete)
    for (const listener of listeners) listener()
  })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    errors += chunk
  })
  // 'close' comes once the child has exited and its output is read to the end.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  )
  return {
    process: child,
    lines,
    stdout: () => written,
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
          reject(new Error(`${name} wrote no matching line in ${timeoutMs} ms; stderr: ${errors}`))
        }, timeoutMs)
        const onExit = () => {
          check()
          cleanup()
          reject(new Error(`${name} exited before writing a matching line; stderr: ${errors}`))
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

export interface StartOptions {
  /** Which child, in errors. */
  name: string
  /** Its whole environment; this process's unless given. */
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** 'pipe' for a child that is told to finish by the end of its input. */
  stdin?: 'ignore' | 'pipe'
}

/** Runs Node with `nodeArgs`, its output piped and read by watchChild. */
export function startNode(nodeArgs: string[], { name, env = process.env, cwd, stdin = 'ignore' }: StartOptions): Child {
  return watchChild(spawn(process.execPath, nodeArgs, { stdio: [stdin, 'pipe', 'pipe'], env, cwd }), name)
}

/** The children a test or a bench started, to stop together whatever is still running at its end. */
export class Children {
  private readonly running = new Set<ChildProcess>()

  start(nodeArgs: string[], options: StartOptions): Child {
    const child = startNode(nodeArgs, options)
    this.running.add(child.process)
    child.process.once('exit', () => this.running.delete(child.process))
    return child
  }

  /** SIGKILL at once, for a test's end, where a clean exit proves nothing. */
  killAll(): void {
    for (const child of this.running) child.kill('SIGKILL')
    this.running.clear()
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map(stopChild))
  }
}

/** Stops a child with SIGTERM, and SIGKILL if it has not exited 5 s later. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

/** A loopback port free now, for a server that must keep its port across restarts. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}
