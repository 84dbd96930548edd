import { relayCommand } from './relayCommand.js'
import { processOutput, runCommand } from './runCommand.js'

/**
 * `casebook relay`, built on its own as CommonJS (dist/cli/relay.cjs): a relay runs for months, and
 * without Node's ES module loader, which the rest of the command line needs, it holds about 1.5 MB
 * less in memory.
 */
export function runRelayCli(argv: string[]): Promise<number> {
  return runCommand(
    relayCommand,
    argv.filter((_, index) => index !== argv.indexOf('relay')),
    processOutput,
  )
}
