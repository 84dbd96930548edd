import { spawn } from 'node:child_process'
import { join } from 'node:path'

/**
 * `npm test`'s suites, after its type-check and lint: vitest's (tests/unit, tests/integration) and the
 * end-to-end tests (Playwright, tests/e2e) at the same time. Vitest runs one worker on a machine of two
 * cores, and the end-to-end tests one browser at a time, so run one after the other they leave a core
 * idle most of the time. The app is built once, first: each suite's set-up would otherwise rebuild
 * dist under the other (tests/helpers/buildOnce.ts skips it when CASEBOOK_BUILT is set). The
 * end-to-end output is held back until vitest's has been printed, so that the two do not interleave.
 */
const root = join(import.meta.dirname, '..')
const env = { ...process.env, CASEBOOK_BUILT: '1' }

function run(args, { hold }) {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', hold ? 'pipe' : 'inherit', hold ? 'pipe' : 'inherit'] })
  const held = []
  if (hold) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => held.push(chunk))
  // Its output read to the end ('close'), but not waited for long after it exits: a process a test
  // left running may hold the pipes open after the suite ends.
  const exited = new Promise((resolve) => child.on('exit', (exit, signal) => resolve(exit ?? (signal ? 1 : 0))))
  const closed = new Promise((resolve) => child.on('close', resolve))
  const code = exited.then((exit) => Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]).then(() => exit))
  children.push(child)
  return { code, print: () => process.stdout.write(Buffer.concat(held)) }
}

const children = []
// Stopped (Ctrl-C, a cancelled CI), it stops both suites, with their browsers and servers.
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    for (const child of children) child.kill(signal)
    process.exitCode = 1
  })

const build = run([join(root, 'scripts/build.mjs')], { hold: false })
if ((await build.code) !== 0) process.exit(1)
const vitest = run([join(root, 'node_modules/vitest/vitest.mjs'), 'run'], { hold: false })
const e2e = run([join(root, 'node_modules/@playwright/test/cli.js'), 'test'], { hold: true })
const vitestCode = await vitest.code
process.stdout.write('\n── End-to-end tests (Playwright), run alongside ──\n')
const e2eCode = await e2e.code
e2e.print()
process.stdout.write(`\nvitest: ${vitestCode === 0 ? 'passed' : 'FAILED'}; end-to-end: ${e2eCode === 0 ? 'passed' : 'FAILED'}\n`)
// Not process.exit(): the output above is written out first.
process.exitCode = vitestCode === 0 && e2eCode === 0 ? 0 : 1
for (const child of children) for (const stream of [child.stdout, child.stderr]) stream?.destroy()
