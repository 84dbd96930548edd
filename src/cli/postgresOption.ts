import { CasebookError } from '../shared/errors.js'
import type { CommandContext, OptionSpec } from './command.js'

/** --postgres, for the commands that write where a relay of several processes keeps its data. */
export const POSTGRES_OPTION: OptionSpec = {
  type: 'string',
  value: 'URL',
  description: 'the Postgres of a relay run as several processes, instead of --relay-data (or $CASEBOOK_RELAY_POSTGRES)',
}

/**
 * The Postgres to write to: --postgres, else $CASEBOOK_RELAY_POSTGRES unless --relay-data is given (a flag
 * wins over the environment, and an empty variable counts as unset); undefined for the relay's data directory.
 */
export function postgresOption(context: CommandContext): string | undefined {
  const given = context.option('postgres')
  const relayData = context.option('relay-data') !== undefined
  if (given !== undefined && relayData) throw new CasebookError('USAGE', 'Give --relay-data or --postgres, not both.')
  const url = given ?? (relayData ? undefined : process.env['CASEBOOK_RELAY_POSTGRES'] || undefined)
  if (url !== undefined && !/^postgres(?:ql)?:\/\/./i.test(url))
    throw new CasebookError(
      'USAGE',
      `${given !== undefined ? '--postgres' : 'CASEBOOK_RELAY_POSTGRES'} must be an address such as postgres://casebook@db.example.org/casebook.`,
    )
  return url
}
