import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_LIMITS, type RelayLimits } from '../relay/limits.js'
import { CasebookError } from '../shared/errors.js'
import type { CommandContext } from './command.js'
import { fraction } from './fraction.js'
import { positiveInteger } from './positiveInteger.js'

/** A setting's value, and where it was given: a flag, or an environment variable, as messages name it. */
interface Given {
  value: string
  from: string
}

/** Everything `casebook relay` starts with, read from its flags, else its environment, else the defaults. */
export interface RelayConfig {
  host: string
  port: number
  dataDir: string
  limits: RelayLimits
  heapUnloadShare: number
  trustProxy: boolean
  guestDir: string
  /** The PEM files to serve wss:// with. */
  tls?: { cert: string; key: string }
  metricsToken?: string
  metricsHost?: { host: string; port: number }
  /** Keep everything in this Postgres database instead of SQLite, shared by several relay processes. */
  postgres?: string
  /** Fan out between relay processes through this Redis. */
  redis?: string
}

export const LIMITS = Object.keys(DEFAULT_LIMITS) as (keyof RelayLimits)[]

/** A limit's flag: maxMessageBytes is max-message-bytes. */
export function flagOf(limit: string): string {
  return limit.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)
}

/** The environment variable that stands for a flag when the flag is not given: --max-message-bytes is CASEBOOK_RELAY_MAX_MESSAGE_BYTES. */
function envNameOf(flag: string): string {
  return `CASEBOOK_RELAY_${flag.toUpperCase().replace(/-/g, '_')}`
}

/**
 * The relay's settings. A flag wins over its environment variable (an empty one counts as unset), so
 * that a container's or a unit's environment can be overridden for one run; a bad value is named by
 * whichever gave it.
 */
export function relayConfig(context: CommandContext, env: NodeJS.ProcessEnv): RelayConfig {
  const setting = (flag: string) => relaySetting(context, env, flag)
  const port = setting('port')
  const limits = { ...DEFAULT_LIMITS }
  for (const limit of LIMITS) {
    const given = setting(flagOf(limit))
    if (given) limits[limit] = positiveInteger(given.value, given.from, {})
  }
  const share = setting('heap-unload-share')
  const tls = tlsFiles(setting('tls-cert'), setting('tls-key'))
  return {
    host: setting('host')?.value ?? '127.0.0.1',
    port: port ? positiveInteger(port.value, port.from, { allowZero: true, max: 65_535 }) : 4455,
    dataDir: relayDataDir(context, env),
    limits,
    heapUnloadShare: share ? fraction(share.value, share.from) : 0.7,
    trustProxy: context.flag('trust-proxy') || yes(env, envNameOf('trust-proxy')),
    // dist/cli/relay.cjs (or the command line's chunk beside it) → dist/guest, where npm run build puts the page.
    guestDir: resolve(setting('guest-dir')?.value ?? fileURLToPath(new URL('../guest', import.meta.url))),
    ...(tls ? { tls } : {}),
    ...databases(setting('postgres'), setting('redis')),
    ...metricsAccess(metricsToken(context.option('metrics-token'), env), setting('metrics-host')),
  }
}

/** A setting's flag, else its environment variable (an empty one counts as unset). */
function relaySetting(context: CommandContext, env: NodeJS.ProcessEnv, flag: string): Given | undefined {
  const fromFlag = context.option(flag)
  if (fromFlag !== undefined) return { value: fromFlag, from: `--${flag}` }
  const fromEnv = env[envNameOf(flag)]
  return fromEnv ? { value: fromEnv, from: envNameOf(flag) } : undefined
}

/** The relay's data directory: --data, else CASEBOOK_RELAY_DATA, else ./relay-data; what its backup and restore read and write too. */
export function relayDataDir(context: CommandContext, env: NodeJS.ProcessEnv): string {
  return resolve(relaySetting(context, env, 'data')?.value ?? 'relay-data')
}

/** What `--print-config` shows: the settings, with the metrics token hidden. */
export function printableConfig(config: RelayConfig): Record<string, unknown> {
  const { tls, metricsToken, metricsHost, limits, postgres, redis, ...rest } = config
  return {
    ...rest,
    postgres: postgres === undefined ? null : withoutPassword(postgres),
    redis: redis === undefined ? null : withoutPassword(redis),
    tlsCert: tls?.cert ?? null,
    tlsKey: tls?.key ?? null,
    metricsToken: metricsToken === undefined ? null : '(hidden)',
    metricsHost: metricsHost ? `${metricsHost.host}:${metricsHost.port}` : null,
    ...limits,
  }
}

/** --postgres and --redis: addresses of the schemes their clients take; Redis only beside Postgres, which holds everything Redis only passes on. */
function databases(postgres: Given | undefined, redis: Given | undefined): Pick<RelayConfig, 'postgres' | 'redis'> {
  if (postgres && !/^postgres(ql)?:\/\//.test(postgres.value))
    throw new CasebookError(
      'USAGE',
      `${postgres.from} must be a postgres:// address (postgres://user:password@host:5432/database), not "${withoutPassword(postgres.value)}".`,
    )
  if (redis && !/^rediss?:\/\//.test(redis.value))
    throw new CasebookError('USAGE', `${redis.from} must be a redis:// address (redis://host:6379), not "${withoutPassword(redis.value)}".`)
  if (redis && !postgres)
    throw new CasebookError(
      'USAGE',
      `${redis.from} needs --postgres (or ${envNameOf('postgres')}): several relay processes keep their documents in Postgres and pass changes on through Redis.`,
    )
  return { ...(postgres ? { postgres: postgres.value } : {}), ...(redis ? { redis: redis.value } : {}) }
}

/** An address as it may be shown: its password hidden. */
function withoutPassword(address: string): string {
  return address.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@')
}

function tlsFiles(cert: Given | undefined, key: Given | undefined): RelayConfig['tls'] {
  if (cert === undefined && key === undefined) return undefined
  if (cert === undefined || key === undefined) {
    const missing = cert === undefined ? 'tls-cert' : 'tls-key'
    throw new CasebookError('USAGE', `--tls-cert and --tls-key go together: give both, or neither; --${missing} (or ${envNameOf(missing)}) is missing.`)
  }
  return { cert: cert.value, key: key.value }
}

function yes(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = env[name]
  if (!value || value === '0' || value === 'false') return false
  if (value === '1' || value === 'true') return true
  throw new CasebookError('USAGE', `${name} must be 1 or true, or 0 or false, not "${value}".`)
}

/**
 * The token /metrics takes: --metrics-token, else CASEBOOK_METRICS_TOKEN (empty counts as unset). A
 * command line is visible to every user of the computer in `ps`; the environment is not.
 */
function metricsToken(flag: string | undefined, env: NodeJS.ProcessEnv): Given | undefined {
  if (flag !== undefined) return { value: flag, from: '--metrics-token' }
  const fromEnv = env['CASEBOOK_METRICS_TOKEN']
  return fromEnv ? { value: fromEnv, from: 'CASEBOOK_METRICS_TOKEN' } : undefined
}

/** Without a metrics token or --metrics-host, the relay serves no /metrics. */
function metricsAccess(token: Given | undefined, address: Given | undefined): Pick<RelayConfig, 'metricsToken' | 'metricsHost'> {
  if (token && token.value.length < 16) throw new CasebookError('USAGE', `${token.from} must be 16 characters or more, so that it cannot be guessed.`)
  const match = address === undefined ? null : /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(address.value)
  if (address !== undefined && !match) throw new CasebookError('USAGE', `${address.from} must be HOST:PORT, such as 127.0.0.1:9464, not "${address.value}".`)
  return {
    ...(token ? { metricsToken: token.value } : {}),
    ...(match && address
      ? { metricsHost: { host: match[1] ?? match[2]!, port: positiveInteger(match[3]!, `${address.from} port`, { allowZero: true, max: 65_535 }) } }
      : {}),
  }
}
