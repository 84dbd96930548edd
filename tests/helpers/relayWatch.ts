import { spawn, type ChildProcess } from 'node:child_process'
import { CASEBOOK_BIN } from './casebookBin.js'
import type { CliResult } from './cli.js'

/** Anything shaped like a JWT (a header starting `{"`, base64url-encoded, then two more parts). */
const JWT = /eyJ[\w-]*\.[\w-]*\.[\w-]+/

export interface SpawnedRelay {
  process: ChildProcess
  /** What it has written so far. */
  stdout: { text: string }
  stderr: { text: string }
}

/**
 * Every `casebook relay` the tests start (vitest's and Playwright's) is started here, so that all they
 * write can be checked for tokens: the signature of each invite the tests issued, and anything shaped
 * like a JWT, such as the tokens tests forge. Relays log at debug level, the most they ever say, with
 * this process's environment less CASEBOOK_RELAY_SECRET and CASEBOOK_METRICS_TOKEN, plus `env`.
 */
export class RelayWatch {
  /** Everything each relay wrote, a stream at a time, so that no token is split between chunks. */
  private readonly outputs: { text: string }[] = []
  private readonly signatures = new Set<string>()

  /** Starts `casebook relay` (the built CLI) with `args`. */
  spawn(args: string[], { nodeArgs = [], env: extraEnv = {}, cwd }: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv; cwd?: string } = {}): SpawnedRelay {
    const env: NodeJS.ProcessEnv = { ...process.env, CASEBOOK_LOG_LEVEL: 'debug' }
    delete env['CASEBOOK_RELAY_SECRET']
    delete env['CASEBOOK_METRICS_TOKEN']
    Object.assign(env, extraEnv)
    const child = spawn(process.execPath, [...nodeArgs, CASEBOOK_BIN, 'relay', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env, cwd })
    const [stdout, stderr] = [{ text: '' }, { text: '' }]
    this.outputs.push(stdout, stderr)
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout.text += chunk))
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr.text += chunk))
    return { process: child, stdout, stderr }
  }

  /** Runs `casebook relay` with `args` to its end, for a start that is to fail. */
  run(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
    const { process: child, stdout, stderr } = this.spawn(args, options)
    return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, stdout: stdout.text, stderr: stderr.text })))
  }

  /** Notes an invite the tests issued, whose signature no relay may write; returns it. */
  issued(token: string): string {
    this.signatures.add(token.split('.')[2] ?? token)
    return token
  }

  /** Every line any relay wrote that holds a token. */
  leaks(): string[] {
    return this.outputs
      .flatMap(({ text }) => text.split('\n'))
      .filter((line) => JWT.test(line) || [...this.signatures].some((signature) => line.includes(signature)))
  }
}
