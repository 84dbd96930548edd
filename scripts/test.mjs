import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'

/**
 * `npm test`'s suites, after its type check and lint: builds once, then runs the vitest suites and
 * the end-to-end tests side by side (each alone would leave a core idle: Playwright drives one
 * Chromium, vitest's workers wait on relays and child processes). The end-to-end output is held
 * and printed whole when it ends, so that neither suite's report is cut into the other's. Fails if
 * either fails.
 */
const root = join(import.meta.dirname, '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)

if (spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1)

// Both suites' global setup would build again, at once, into the same dist/.
const env = { ...process.env, CASEBOOK_BUILT: '1' }
const run = (command, args, hold) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: hold ? ['ignore', 'pipe', 'pipe'] : 'inherit' })
    const held = []
    child.stdout?.on('data', (chunk) => held.push(chunk))
    child.stderr?.on('data', (chunk) => held.push(chunk))
    child.on('close', (code, signal) => {
      if (hold) process.stdout.write(Buffer.concat(held))
      resolve(code === 0 ? 0 : (code ?? (signal ? 1 : 0)))
    })
  })

const started = Date.now()
const [unit, e2e] = await Promise.all([
  run(bin('vitest'), ['run'], false),
  run(bin('playwright'), ['test'], true).then((code) => {
    console.log(`\nEnd-to-end tests ${code === 0 ? 'passed' : 'FAILED'} (${Math.round((Date.now() - started) / 1000)} s).`)
    return code
  }),
])
console.log(`\nvitest: ${unit === 0 ? 'passed' : 'FAILED'}; end-to-end: ${e2e === 0 ? 'passed' : 'FAILED'}.`)
process.exit(unit === 0 && e2e === 0 ? 0 : 1)
