import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

export default function buildOnce(): void {
  const root = join(import.meta.dirname, '../..')
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' })
}
