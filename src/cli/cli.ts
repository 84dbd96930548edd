import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { CasebookError } from '../shared/errors.js'
import type { Command, CommandContext, OptionSpec } from './command.js'
import { resolveDataDir } from '../main/dataDir.js'
import { describeFsError, isFsError } from '../main/fsErrors.js'

/**
 * The `casebook` command line. Commands are loaded by name, so that a long-running `casebook relay`
 * holds none of the editor's modules (TipTap, ProseMirror, React) in memory, and a library command
 * none of the relay's.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  new: async () => (await import('./newCommand.js')).newCommand,
  list: async () => (await import('./listCommand.js')).listCommand,
  show: async () => (await import('./showCommand.js')).showCommand,
  import: async () => (await import('./importCommand.js')).importCommand,
  export: async () => (await import('./exportCommand.js')).exportCommand,
  versions: async () => (await import('./versionsCommand.js')).versionsCommand,
  version: async () => (await import('./versionCommand.js')).versionCommand,
  trash: async () => (await import('./trashCommand.js')).trashCommand,
  restore: async () => (await import('./restoreCommand.js')).restoreCommand,
  relay: async () => (await import('./relayCommand.js')).relayCommand,
  invite: async () => (await import('./inviteCommand.js')).inviteCommand,
  revoke: async () => (await import('./revokeCommand.js')).revokeCommand,
  serve: async () => (await import('./serveCommand.js')).serveCommand,
}

const GLOBAL_OPTIONS = {
  data: { type: 'string', value: 'DIR', description: 'the data directory (default: $CASEBOOK_DATA, else your per-user Casebook folder)' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
} as const

export interface CliOutput {
  out(text: string): void
  warn(text: string): void
}

const processOutput: CliOutput = {
  out: (text) => process.stdout.write(`${text}\n`),
  warn: (text) => process.stderr.write(`${text}\n`),
}

/** Runs one command line and returns the exit code: 0, 1 for a user error, 2 for a usage error. */
export async function runCli(argv: string[], output: CliOutput = processOutput): Promise<number> {
  try {
    const name = argv.find((arg, index) => !arg.startsWith('-') && argv[index - 1] !== '--data')
    if (name === undefined) {
      output.out(argv.includes('--version') ? packageVersion() : await generalHelp())
      return 0
    }
    if (name === 'help') {
      const topic = argv[argv.indexOf('help') + 1]
      output.out(topic === undefined ? await generalHelp() : commandHelp(await findCommand(topic)))
      return 0
    }
    const command = await findCommand(name)
    const rest = argv.filter((_, index) => index !== argv.indexOf(name))
    if (rest.includes('--help') || rest.includes('-h')) {
      output.out(commandHelp(command))
      return 0
    }
    const { values, positionals } = parse(command, rest)
    await command.run(context(command, values, positionals, output))
    return 0
  } catch (error) {
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
}

function findCommand(name: string): Promise<Command> {
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!load) throw new CasebookError('USAGE', `There is no command "${name}". Run casebook help to see the commands.`)
  return load()
}

function parse(command: Command, args: string[]) {
  const options = { ...GLOBAL_OPTIONS, ...Object.fromEntries(Object.entries(command.options).map(([key, spec]) => [key, { type: spec.type }])) }
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true; strict: true; args: string[] }>>
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (error) {
    const option = /'(--?[\w-]+)/.exec((error as Error).message)?.[1] ?? 'an option'
    const problem = (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? `${option} needs a value` : `${command.name} has no option ${option}`
    throw new CasebookError('USAGE', `${problem}. Run casebook help ${command.name} to see its options.`)
  }
  for (const [key, value] of Object.entries(parsed.values)) {
    if (value === '') throw new CasebookError('USAGE', `--${key} needs a value.`)
  }
  const { min, max, name } = command.positionals
  if (parsed.positionals.length < min) throw new CasebookError('USAGE', `${command.name} needs ${name}. Usage: casebook ${command.name} ${command.usage}`)
  if (parsed.positionals.length > max) {
    throw new CasebookError('USAGE', `${command.name} takes ${max === 0 ? 'no' : `only ${max}`} argument${max === 1 ? '' : 's'} besides its options, but got ${parsed.positionals.length}.`)
  }
  return parsed as { values: Record<string, string | boolean | undefined>; positionals: string[] }
}

function context(command: Command, values: Record<string, string | boolean | undefined>, positionals: string[], output: CliOutput): CommandContext {
  const dataDir = resolveDataDir(typeof values['data'] === 'string' ? values['data'] : undefined)
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
    dataDir,
    async withLibrary(work) {
      const { Library } = await import('../main/library/library.js')
      const library = await Library.open(dataDir, {
        onRepair: (repair) =>
          output.warn(
            `casebook: repaired document ${repair.documentId}: cut ${repair.droppedBytes} damaged bytes from the end of its log (${repair.reason}); they are kept in ${repair.savedTo}.`,
          ),
      })
      try {
        return await work(library)
      } finally {
        await library.close()
      }
    },
    out: output.out,
    warn: (text) => output.warn(`casebook: ${text}`),
  }
}

async function generalHelp(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()))
  const width = Math.max(...commands.map((command) => command.name.length))
  return [
    'Casebook keeps the case studies, lessons learned and workshop notes of city networks on your machine.',
    '',
    'Usage: casebook COMMAND [options] [--data DIR]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Options for every command:',
    ...optionLines({ ...GLOBAL_OPTIONS, version: { type: 'boolean', description: 'print the version of Casebook' } }),
    '',
    'Run casebook help COMMAND for the options of one command.',
  ].join('\n')
}

function commandHelp(command: Command): string {
  const options = optionLines(command.options)
  return [`Usage: casebook ${command.name} ${command.usage}`, '', command.summary, ...(options.length ? ['', 'Options:', ...options] : [])].join('\n')
}

function optionLines(options: Record<string, OptionSpec & { short?: string }>): string[] {
  const labels = Object.entries(options).map(([key, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${key}`
    return [spec.type === 'string' ? `${flag} ${spec.value ?? key.toUpperCase()}` : flag, spec.description] as const
  })
  const width = Math.max(0, ...labels.map(([label]) => label.length))
  return labels.map(([label, description]) => `  ${label.padEnd(width)}  ${description}`)
}

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  return manifest.version
}
