import { afterEach, beforeEach } from 'vitest'
import { TempDirs } from './tempDirs.js'

/** A fresh real folder under the system temp dir for each test, removed after it. */
export function useTempDir(): { readonly path: string } {
  const dirs = new TempDirs()
  let path = ''
  beforeEach(() => {
    path = dirs.make()
  })
  afterEach(() => dirs.removeAll())
  return {
    get path() {
      return path
    },
  }
}

/** Folders a test makes as it needs them (`make()`), all removed after it. */
export function useTempDirs(prefix?: string): { make(): string } {
  const dirs = new TempDirs(prefix)
  afterEach(() => dirs.removeAll())
  return dirs
}
