import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

/** Builds dist/ before a suite, unless scripts/test.mjs built it for suites it runs side by side. */
export default function buildOnce(): void {
  if (process.env['CASEBOOK_BUILT'] === '1') return
  const root = join(import.meta.dirname, '../..')
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' })
}
