import { resolve } from 'node:path'
import type { Command } from './command.js'
import { relayDataDir } from './relayConfig.js'

export const relayBackupCommand: Command = {
  name: 'relay backup',
  usage: '--out FILE [--data DIR]',
  summary:
    "Back up the relay's data into one file, while it runs: every network's documents, the revoked invites, the workshops and the key invites are signed with (unless CASEBOOK_RELAY_SECRET gives it). Keep the file as safe as the relay's data.",
  options: {
    out: { type: 'string', value: 'FILE', description: 'the backup to write; it must not exist yet' },
    data: { type: 'string', value: 'DIR', description: "the relay's data directory (CASEBOOK_RELAY_DATA, else ./relay-data)" },
  },
  positionals: { min: 0, max: 0, name: '' },
  async run(context) {
    const out = resolve(context.required('out'))
    // Loaded here, as the relay loads its store: the command line's other commands hold no SQLite.
    const { backupRelay } = await import('../relay/relayBackup.js')
    const made = await backupRelay(relayDataDir(context, process.env), out)
    context.out(
      `Backed up the relay's data (${made.pages} pages) to ${out}${made.secret ? ', with its signing secret' : '; its signing secret comes from CASEBOOK_RELAY_SECRET, which the backup does not hold'}.`,
    )
  },
}
