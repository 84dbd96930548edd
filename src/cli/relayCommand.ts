import { resolve } from 'node:path'
import { CasebookError } from '../shared/errors.js'
import type { Command } from './command.js'
import { fraction } from './fraction.js'
import { positiveInteger } from './positiveInteger.js'

export const relayCommand: Command = {
  name: 'relay',
  usage: '[--host 127.0.0.1] [--port 4455] [--data DIR] [--max-message-bytes N] [--max-update-items N] [--heap-unload-share 0.7]',
  summary: 'Run the relay that members of networks sync through, until stopped (SIGTERM or Ctrl-C).',
  options: {
    host: { type: 'string', value: 'ADDRESS', description: 'the address to listen on (127.0.0.1)' },
    port: { type: 'string', value: 'PORT', description: 'the port to listen on (4455; 0 picks a free one)' },
    data: { type: 'string', value: 'DIR', description: "the relay's data directory (./relay-data)" },
    'max-message-bytes': { type: 'string', value: 'N', description: 'the largest message accepted (8 MiB)' },
    'max-update-items': { type: 'string', value: 'N', description: 'the most items (structs, values and deleted ranges) one update may hold (100,000)' },
    'heap-unload-share': { type: 'string', value: 'SHARE', description: "unload the least recently used documents when the heap passes this share of Node's heap limit (0.7)" },
  },
  positionals: { min: 0, max: 0, name: '' },
  async run(context) {
    const host = context.option('host') ?? '127.0.0.1'
    const port = positiveInteger(context.option('port') ?? '4455', '--port', { allowZero: true, max: 65_535 })
    const maxMessageBytes = positiveInteger(context.option('max-message-bytes') ?? String(8 << 20), '--max-message-bytes', {})
    const maxUpdateItems = positiveInteger(context.option('max-update-items') ?? '100000', '--max-update-items', {})
    const heapUnloadShare = fraction(context.option('heap-unload-share') ?? '0.7', '--heap-unload-share')
    const dataDir = resolve(context.option('data') ?? 'relay-data')
    // Loaded here, so that the library's commands do not pay for the relay's modules at start-up.
    const [{ default: pino }, { Relay }, { loadSecret }] = await Promise.all([import('pino'), import('../relay/relay.js'), import('../relay/secret.js')])
    const secret = loadSecret(dataDir)
    const log = pino({ level: process.env['CASEBOOK_LOG_LEVEL'] ?? 'info' })
    const relay = await Relay.start({ host, port, dataDir, secret, log, maxMessageBytes, maxUpdateItems, heapUnloadShare }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') throw new CasebookError('USAGE', `Port ${port} on ${host} is already in use.`)
      if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') throw new CasebookError('USAGE', `This computer has no address ${host} to listen on.`)
      throw error
    })
    const signal = await new Promise<NodeJS.Signals>((stop) => {
      process.once('SIGTERM', stop)
      process.once('SIGINT', stop)
    })
    log.info({ signal }, 'stopping')
    await relay.close()
  },
}
