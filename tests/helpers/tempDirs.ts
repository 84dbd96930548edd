import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Real folders under the system temp dir, made as they are needed and removed together. It uses no
 * test runner's hooks, so that vitest helpers (tempDir.ts), Playwright fixtures and benches share it.
 */
export class TempDirs {
  private readonly made: string[] = []
  private readonly prefix: string

  constructor(prefix = 'casebook-test-') {
    this.prefix = prefix
  }

  make(): string {
    const dir = mkdtempSync(join(tmpdir(), this.prefix))
    this.made.push(dir)
    return dir
  }

  removeAll(): void {
    for (const dir of this.made.splice(0)) rmSync(dir, { recursive: true, force: true })
  }
}
