import type { Command } from './command.js'
import { networkOption } from './networkOption.js'
import { recordedStats } from './recordedStats.js'
import { statsText } from './statsText.js'
import { withLibrary } from './withLibrary.js'

export const statsCommand: Command = {
  name: 'stats',
  usage: '--network ID [--json]',
  summary:
    "Print a network's figures as its dashboard shows them: documents by status, kind, city and topic, contributors, months, adaptations and recent activity.",
  options: {
    network: { type: 'string', value: 'ID', description: 'the network, as this device last synced it' },
    json: { type: 'boolean', description: 'print the figures as JSON, as the dashboard receives them' },
  },
  positionals: { min: 0, max: 0, name: '' },
  async run(context) {
    const network = networkOption(context.required('network'))
    const stats = await withLibrary(context, (library) => recordedStats(context.dataDir, library, network))
    context.out(context.flag('json') ? JSON.stringify(stats, null, 2) : statsText(stats))
  },
}
