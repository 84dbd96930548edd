import { fileURLToPath } from 'node:url'
import { deferred } from '../shared/deferred.js'
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
    // The shell listens, and the page loads, while the back end's modules load and the library opens.
    const { BrowserShell } = await import('../main/shell/browserShell.js')
    // Listened for before the library opens: a Ctrl-C while it does still stops it, once it has.
    const stopped = deferred<NodeJS.Signals>()
    process.once('SIGTERM', stopped.resolve)
    process.once('SIGINT', stopped.resolve)
    const starting = import('../main/services/services.js').then(({ Services }) => Services.start(context.dataDir))
    // Awaited below, once the shell listens; until then a failure must not count as unhandled.
    starting.catch(() => {})
    let shell: Awaited<ReturnType<typeof BrowserShell.start>> | undefined
    try {
      // The command line is bundled into dist/cli; the renderer is built beside it, into dist/renderer.
      const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url))
      shell = await BrowserShell.start(starting, { port, rendererDir }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EADDRINUSE') throw new CasebookError('USAGE', `Port ${port} on 127.0.0.1 is already in use.`)
        throw error
      })
      context.out(`Casebook is running. Open this address in your browser (it holds a secret for this session only):\n${shell.url}`)
      // A library that cannot be opened ends the command with its error, unless it was stopped first.
      await Promise.race([stopped.promise, starting.then(() => stopped.promise)])
    } finally {
      process.off('SIGTERM', stopped.resolve)
      process.off('SIGINT', stopped.resolve)
      await shell?.close()
      await starting.then(
        (services) => services.stop(),
        () => {},
      )
    }
  },
}
