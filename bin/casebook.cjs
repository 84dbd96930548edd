#!/usr/bin/env node
'use strict'
// The built command line lives in dist/ (npm install builds it through the prepare script). The relay
// is a CommonJS bundle of its own (src/cli/relayCli.ts says why); every other command is an ES module.
const argv = process.argv.slice(2)
// The first word that is neither an option nor --data's value, as in src/cli/cli.ts.
const command = argv.find((arg, index) => !arg.startsWith('-') && argv[index - 1] !== '--data')
const built =
  command === 'relay'
    ? { file: 'dist/cli/relay.cjs', load: () => require('../dist/cli/relay.cjs').runRelayCli }
    : { file: 'dist/cli/cli.js', load: () => import('../dist/cli/cli.js').then((cli) => cli.runCli) }

// A reader that stops early (casebook list | head) is not an error.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error
  process.exit(process.exitCode ?? 0)
})

Promise.resolve()
  .then(built.load)
  .then(
    async (run) => {
      process.exitCode = await run(argv)
    },
    (error) => {
      if (!['MODULE_NOT_FOUND', 'ERR_MODULE_NOT_FOUND'].includes(error?.code) || !String(error.message).includes(built.file)) throw error
      process.stderr.write('casebook: Casebook is not built yet; run npm run build first.\n')
      process.exit(1)
    },
  )
