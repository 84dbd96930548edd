import { CASEBOOK_BIN } from './casebookBin.js'
import { type Child, Children } from './childProcess.js'
import type { CliResult } from './cli.js'

/** Anything shaped like a JWT (a header starting `{"`, base64url-encoded, then two more parts). */
const JWT = /eyJ[\w-]*\.[\w-]*\.[\w-]+/

/**
 * Every `casebook relay` the tests start (vitest's and Playwright's) is started here, so that all they
 * write can be checked for tokens: the signature of each invite the tests issued, and anything shaped
 * like a JWT, such as the tokens tests forge. Relays log at debug level, the most they ever say, with
 * this process's environment less CASEBOOK_RELAY_SECRET and CASEBOOK_METRICS_TOKEN, plus `env`.
 */
export class RelayWatch {
  /** Every relay started, whose whole output (not chunks, which could split a token) is checked. */
  private readonly relays: Child[] = []
  private readonly children = new Children()
  private readonly signatures = new Set<string>()

  /** Starts `casebook relay` (the built CLI) with `args`. */
  spawn(args: string[], { nodeArgs = [], env: extraEnv = {}, cwd }: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Child {
    const env: NodeJS.ProcessEnv = { ...process.env, CASEBOOK_LOG_LEVEL: 'debug' }
    delete env['CASEBOOK_RELAY_SECRET']
    delete env['CASEBOOK_METRICS_TOKEN']
    Object.assign(env, extraEnv)
    const relay = this.children.start([...nodeArgs, CASEBOOK_BIN, 'relay', ...args], { name: 'casebook relay', env, cwd })
    this.relays.push(relay)
    return relay
  }

  /** Runs `casebook relay` with `args` to its end, for a start that is to fail. */
  async run(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
    const relay = this.spawn(args, options)
    const { code } = await relay.exited
    return { code: code ?? 1, stdout: relay.stdout(), stderr: relay.stderr() }
  }

  /** Stops every relay still running. */
  stopAll(): Promise<void> {
    return this.children.stopAll()
  }

  /** Notes an invite the tests issued, whose signature no relay may write; returns it. */
  issued(token: string): string {
    this.signatures.add(token.split('.')[2] ?? token)
    return token
  }

  /** Every line any relay wrote that holds a token. */
  leaks(): string[] {
    return this.relays
      .flatMap((relay) => [relay.stdout(), relay.stderr()])
      .flatMap((text) => text.split('\n'))
      .filter((line) => JWT.test(line) || [...this.signatures].some((signature) => line.includes(signature)))
  }
}
