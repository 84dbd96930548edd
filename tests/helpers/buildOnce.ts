import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

/** Builds the app before a suite, unless scripts/test.mjs built it once for both suites it runs at the same time. */
export default function buildOnce(): void {
  if (process.env['CASEBOOK_BUILT']) return
  const root = join(import.meta.dirname, '../..')
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' })
}
