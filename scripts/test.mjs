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

function run(args, { hold, extraEnv = {} }) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', hold ? 'pipe' : 'inherit', hold ? 'pipe' : 'inherit'],
  })
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

/** The relay's suites that read nothing of SQLite themselves: stock y-websocket clients, bad input, feeds, the rooms' rules, workshops. */
const RELAY_SUITES_ON_POSTGRES = [
  'badInput',
  'broadcast',
  'presence',
  'feed',
  'adaptationsRoom',
  'commentsRoom',
  'historyRoom',
  'largeUpdate',
  'workshopScope',
].map((name) => `tests/integration/relay/${name}.test.ts`)

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
// Once the browser's tests are done, in their lane: the relay's protocol suites again, each relay on
// Postgres and Redis (tests/helpers/relay.ts), as several relay processes run (docs/RELAYS.md).
const onPostgres = e2e.code.then(() =>
  run([join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...RELAY_SUITES_ON_POSTGRES], {
    hold: true,
    extraEnv: { CASEBOOK_TEST_RELAY_BACKEND: 'postgres' },
  }),
)
const vitestCode = await vitest.code
process.stdout.write('\n── End-to-end tests (Playwright), run alongside ──\n')
const e2eCode = await e2e.code
e2e.print()
const postgres = await onPostgres
const postgresCode = await postgres.code
process.stdout.write('\n── The relay on Postgres and Redis, run alongside ──\n')
postgres.print()
const verdict = (code) => (code === 0 ? 'passed' : 'FAILED')
process.stdout.write(`\nvitest: ${verdict(vitestCode)}; end-to-end: ${verdict(e2eCode)}; relay on Postgres and Redis: ${verdict(postgresCode)}\n`)
// Not process.exit(): the output above is written out first.
process.exitCode = vitestCode === 0 && e2eCode === 0 && postgresCode === 0 ? 0 : 1
for (const child of children) for (const stream of [child.stdout, child.stderr]) stream?.destroy()
