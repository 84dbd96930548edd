import { readFileSync } from 'node:fs'
import { CasebookError } from '../shared/errors.js'
import type { Command } from './command.js'
import { GLOBAL_OPTIONS, commandHelp, optionLines, processOutput, reportError, runCommand, type CliOutput } from './runCommand.js'

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
  report: async () => (await import('./reportCommand.js')).reportCommand,
  stats: async () => (await import('./statsCommand.js')).statsCommand,
  versions: async () => (await import('./versionsCommand.js')).versionsCommand,
  version: async () => (await import('./versionCommand.js')).versionCommand,
  trash: async () => (await import('./trashCommand.js')).trashCommand,
  restore: async () => (await import('./restoreCommand.js')).restoreCommand,
  relay: async () => (await import('./relayCommand.js')).relayCommand,
  invite: async () => (await import('./inviteCommand.js')).inviteCommand,
  revoke: async () => (await import('./revokeCommand.js')).revokeCommand,
  workshop: async () => (await import('./workshopCommand.js')).workshopCommand,
  serve: async () => (await import('./serveCommand.js')).serveCommand,
}

/** Runs one command line and returns the exit code: 0, 1 for a user error, 2 for a usage error. */
export async function runCli(argv: string[], output: CliOutput = processOutput): Promise<number> {
  const name = commandName(argv)
  let command: Command
  try {
    if (name === undefined) {
      output.out(argv.includes('--version') ? packageVersion() : await generalHelp())
      return 0
    }
    if (name === 'help') {
      const topic = argv[argv.indexOf('help') + 1]
      output.out(topic === undefined ? await generalHelp() : commandHelp(await findCommand(topic)))
      return 0
    }
    command = await findCommand(name)
  } catch (error) {
    return reportError(error, output)
  }
  return runCommand(
    command,
    argv.filter((_, index) => index !== argv.indexOf(name)),
    output,
  )
}

/** The first word that is neither an option nor --data's value. bin/casebook.cjs finds it the same way. */
function commandName(argv: string[]): string | undefined {
  return argv.find((arg, index) => !arg.startsWith('-') && argv[index - 1] !== '--data')
}

function findCommand(name: string): Promise<Command> {
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!load) throw new CasebookError('USAGE', `There is no command "${name}". Run casebook help to see the commands.`)
  return load()
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

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  return manifest.version
}
