#!/usr/bin/env node
// The built CLI lives in dist/ (npm install builds it through the prepare script).
let cli
try {
  cli = await import('../dist/cli/cli.js')
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli/cli.js')) throw error
  process.stderr.write('casebook: Casebook is not built yet; run npm run build first.\n')
  process.exit(1)
}
// A reader that stops early (casebook list | head) is not an error.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error
  process.exit(process.exitCode ?? 0)
})
process.exitCode = await cli.runCli(process.argv.slice(2))
