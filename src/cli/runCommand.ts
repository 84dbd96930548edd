import { parseArgs } from 'node:util'
import { CasebookError } from '../shared/errors.js'
import type { Command, CommandContext, OptionSpec } from './command.js'
import { resolveDataDir } from '../main/dataDir.js'
import { describeFsError, isFsError } from '../main/fsErrors.js'

export interface CliOutput {
  out(text: string): void
  warn(text: string): void
}

export const processOutput: CliOutput = {
  out: (text) => process.stdout.write(`${text}\n`),
  warn: (text) => process.stderr.write(`${text}\n`),
}

/** Options every command takes. */
export const GLOBAL_OPTIONS = {
  data: { type: 'string', value: 'DIR', description: 'the data directory (default: $CASEBOOK_DATA, else your per-user Casebook folder)' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
} as const

/**
 * Runs one command with the rest of its command line (`args`, without the command's name), and
 * returns the exit code: 0, 1 for a user error, 2 for a usage error.
 */
export async function runCommand(command: Command, args: string[], output: CliOutput): Promise<number> {
  try {
    if (args.includes('--help') || args.includes('-h')) {
      output.out(commandHelp(command))
      return 0
    }
    const { values, positionals } = parse(command, args)
    await command.run(context(command, values, positionals, output))
    return 0
  } catch (error) {
    return reportError(error, output)
  }
}

/** Says what went wrong in a plain sentence, and returns the exit code for it. */
export function reportError(error: unknown, output: CliOutput): number {
  if (error instanceof CasebookError) {
    output.warn(`casebook: ${error.message}`)
    return error.code === 'USAGE' ? 2 : 1
  }
  if (isFsError(error)) {
    output.warn(`casebook: a file could not be read or written: ${describeFsError(error)}.`)
    return 1
  }
  output.warn(`casebook: unexpected error: ${(error as Error).message}. This is a bug in Casebook; please report it.`)
  if (process.env['CASEBOOK_DEBUG']) output.warn(String((error as Error).stack))
  return 70
}

export function commandHelp(command: Command): string {
  const options = optionLines(command.options)
  return [`Usage: casebook ${command.name} ${command.usage}`, '', command.summary, ...(options.length ? ['', 'Options:', ...options] : [])].join('\n')
}

export function optionLines(options: Record<string, OptionSpec & { short?: string }>): string[] {
  const labels = Object.entries(options).map(([key, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${key}`
    return [spec.type === 'string' ? `${flag} ${spec.value ?? key.toUpperCase()}` : flag, spec.description] as const
  })
  const width = Math.max(0, ...labels.map(([label]) => label.length))
  return labels.map(([label, description]) => `  ${label.padEnd(width)}  ${description}`)
}

function parse(command: Command, args: string[]) {
  const options = { ...GLOBAL_OPTIONS, ...Object.fromEntries(Object.entries(command.options).map(([key, spec]) => [key, { type: spec.type }])) }
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true; strict: true; args: string[] }>>
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (error) {
    const option = /'(--?[\w-]+)/.exec((error as Error).message)?.[1] ?? 'an option'
    const problem =
      (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? `${option} needs a value` : `${command.name} has no option ${option}`
    throw new CasebookError('USAGE', `${problem}. Run casebook help ${command.name} to see its options.`)
  }
  for (const [key, value] of Object.entries(parsed.values)) {
    if (value === '') throw new CasebookError('USAGE', `--${key} needs a value.`)
  }
  const { min, max, name } = command.positionals
  if (parsed.positionals.length < min) throw new CasebookError('USAGE', `${command.name} needs ${name}. Usage: casebook ${command.name} ${command.usage}`)
  if (parsed.positionals.length > max) {
    throw new CasebookError(
      'USAGE',
      `${command.name} takes ${max === 0 ? 'no' : `only ${max}`} argument${max === 1 ? '' : 's'} besides its options, but got ${parsed.positionals.length}.`,
    )
  }
  return parsed as { values: Record<string, string | boolean | undefined>; positionals: string[] }
}

function context(command: Command, values: Record<string, string | boolean | undefined>, positionals: string[], output: CliOutput): CommandContext {
  const option = (key: string) => (typeof values[key] === 'string' ? values[key] : undefined)
  return {
    positionals,
    option,
    required(key) {
      const value = option(key)
      if (value === undefined) throw new CasebookError('USAGE', `${command.name} needs --${key}. Usage: casebook ${command.name} ${command.usage}`)
      return value
    },
    flag: (key) => values[key] === true,
    dataDir: resolveDataDir(option('data')),
    out: output.out,
    warn: (text) => output.warn(`casebook: ${text}`),
  }
}
