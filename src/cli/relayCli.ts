import { relayBackupCommand } from './relayBackupCommand.js'
import { relayCommand } from './relayCommand.js'
import { relayRestoreCommand } from './relayRestoreCommand.js'
import { processOutput, runCommand } from './runCommand.js'

/**
 * `casebook relay`, and its `backup` and `restore`, built on its own as CommonJS (dist/cli/relay.cjs): a relay runs for months, and
 * without Node's ES module loader, which the rest of the command line needs, it holds about 1.5 MB
 * less in memory.
 */
export function runRelayCli(argv: string[]): Promise<number> {
  const args = argv.filter((_, index) => index !== argv.indexOf('relay'))
  const subcommand = args[0] === 'backup' ? relayBackupCommand : args[0] === 'restore' ? relayRestoreCommand : null
  return subcommand ? runCommand(subcommand, args.slice(1), processOutput) : runCommand(relayCommand, args, processOutput)
}
