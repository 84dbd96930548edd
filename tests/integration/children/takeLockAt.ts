// Waits until the given time, then tries to take the data directory lock: prints "acquired" (and
// holds it until killed) or "locked".
import { setTimeout as sleep } from 'node:timers/promises'
import { isCasebookError } from '../../../src/shared/errors.js'
import { acquireLock } from '../../../src/main/lock.js'

const [dir, at] = process.argv.slice(2) as [string, string]
await sleep(Math.max(0, Number(at) - Date.now()))
try {
  await acquireLock(dir)
  process.stdout.write('acquired\n')
  setInterval(() => {}, 1 << 30)
} catch (error) {
  if (!isCasebookError(error, 'LIBRARY_LOCKED')) throw error
  process.stdout.write('locked\n')
}
