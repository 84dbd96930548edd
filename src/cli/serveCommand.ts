import { fileURLToPath } from 'node:url'
import { CasebookError } from '../shared/errors.js'
import type { Command } from './command.js'
import { positiveInteger } from './positiveInteger.js'

export const serveCommand: Command = {
  name: 'serve',
  usage: '[--data DIR] [--port P]',
  summary: 'Run Casebook in your web browser, for as long as this runs (Ctrl-C stops it).',
  options: {
    port: { type: 'string', value: 'PORT', description: 'the port on 127.0.0.1 to serve on (a free one)' },
  },
  positionals: { min: 0, max: 0, name: '' },
  async run(context) {
    const port = positiveInteger(context.option('port') ?? '0', '--port', { allowZero: true, max: 65_535 })
    const [{ Services }, { BrowserShell }] = await Promise.all([import('../main/services/services.js'), import('../main/shell/browserShell.js')])
    const services = await Services.start(context.dataDir)
    try {
      // The command line is bundled into dist/cli; the renderer is built beside it, into dist/renderer.
      const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url))
      const shell = await BrowserShell.start(services, { port, rendererDir }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EADDRINUSE') throw new CasebookError('USAGE', `Port ${port} on 127.0.0.1 is already in use.`)
        throw error
      })
      context.out(`Casebook is running. Open this address in your browser (it holds a secret for this session only):\n${shell.url}`)
      await new Promise<NodeJS.Signals>((stop) => {
        process.once('SIGTERM', stop)
        process.once('SIGINT', stop)
      })
      await shell.close()
    } finally {
      await services.stop()
    }
  },
}
