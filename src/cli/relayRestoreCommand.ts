import { resolve } from 'node:path'
import type { Command } from './command.js'
import { relayDataDir } from './relayConfig.js'

export const relayRestoreCommand: Command = {
  name: 'relay restore',
  usage: 'FILE [--data DIR]',
  summary:
    'Restore a backup made by casebook relay backup into a data directory that holds no relay data yet, then start the relay on it. The invites given out before the backup work again.',
  options: {
    data: { type: 'string', value: 'DIR', description: 'the new data directory (CASEBOOK_RELAY_DATA, else ./relay-data)' },
  },
  positionals: { min: 1, max: 1, name: 'the backup file' },
  async run(context) {
    const backup = resolve(context.positionals[0] ?? '')
    const dataDir = relayDataDir(context, process.env)
    const { restoreRelay } = await import('../relay/relayBackup.js')
    const restored = restoreRelay(backup, dataDir)
    context.out(
      `Restored the backup made at ${restored.madeAt} into ${dataDir}${restored.secret ? ', with its signing secret' : '; give the relay the CASEBOOK_RELAY_SECRET it was made with'}.`,
    )
  },
}
