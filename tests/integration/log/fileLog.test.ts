import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openFileLog } from '../../../src/main/log/fileLog.js'
import { CasebookError } from '../../../src/shared/errors.js'
import { useTempDir } from '../../helpers/tempDir.js'

const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)

describe('the log file in the data directory (browser shell)', () => {
  const temp = useTempDir()
  const logPath = () => join(temp.path, 'logs', 'casebook.log')
  const oldPath = () => join(temp.path, 'logs', 'casebook.old.log')

  it('writes each line at once, as JSON with what it is about and the error’s code and stack, for its owner only', async () => {
    const log = await openFileLog(temp.path)
    log.error('Document 0123456789abcdef could not be synced with network brt.', {
      document: '0123456789abcdef',
      network: 'brt',
      error: new CasebookError('MESSAGE_TOO_LARGE', 'The relay refused a message of 300 KiB.'),
    })
    log.warn('Network brt sent document fedcba9876543210, which is not one of its Casebook documents.', { document: 'fedcba9876543210', network: 'brt' })
    // Before close: each line is on disk as soon as it is logged.
    const [error, warning] = lines(logPath())
    expect(error).toMatchObject({
      level: 'error',
      msg: 'Document 0123456789abcdef could not be synced with network brt.',
      document: '0123456789abcdef',
      network: 'brt',
    })
    expect(error!['err']).toMatchObject({
      type: 'CasebookError',
      code: 'MESSAGE_TOO_LARGE',
      message: 'The relay refused a message of 300 KiB.',
      stack: expect.stringContaining('fileLog.test.ts'),
    })
    expect(Date.parse(String(error!['time']))).not.toBeNaN()
    expect(warning).toMatchObject({ level: 'warn', document: 'fedcba9876543210', network: 'brt' })
    expect(warning).not.toHaveProperty('err')
    await log.close()
    expect(statSync(logPath()).mode & 0o777).toBe(0o600)
    expect(statSync(join(temp.path, 'logs')).mode & 0o777).toBe(0o700)
  })

  it('takes out any token, in a message or in an error a library threw quoting it', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJuZXQiOiJicnQifQ.c2lnbmF0dXJlLW9mLWEtdG9rZW4'
    const log = await openFileLog(temp.path)
    log.warn(`Joining with ${token} failed.`, { network: 'brt' })
    log.error('A request failed unexpectedly.', { error: new Error(`Unexpected value wss://relay.example.org/?token=${token}`) })
    await log.close()
    const written = readFileSync(logPath(), 'utf8')
    expect(written).not.toContain('c2lnbmF0dXJlLW9mLWEtdG9rZW4')
    const [warning, error] = lines(logPath())
    expect(warning!['msg']).toBe('Joining with [a token] failed.')
    expect(error!['err']).toMatchObject({ message: 'Unexpected value wss://relay.example.org/?token=[a token]' })
  })

  it('moves the file aside once it would pass its cap, keeping one old file, so that it cannot grow without bound', async () => {
    const maxBytes = 2000
    const log = await openFileLog(temp.path, { maxBytes })
    for (let n = 0; n < 100; n++) log.warn(`line ${n} ${'x'.repeat(40)}`)
    await log.close()
    const current = lines(logPath())
    const old = lines(oldPath())
    expect(statSync(logPath()).size).toBeLessThanOrEqual(maxBytes)
    expect(statSync(oldPath()).size).toBeLessThanOrEqual(maxBytes)
    expect(statSync(oldPath()).mode & 0o777).toBe(0o600)
    // The newest lines, in order and without a gap between the two files.
    const numbers = [...old, ...current].map((line) => Number(String(line['msg']).split(' ')[1]))
    expect(numbers.at(-1)).toBe(99)
    expect(numbers).toEqual(numbers.map((_, index) => 100 - numbers.length + index))
    expect(numbers.length).toBeGreaterThan(maxBytes / 100)
  })

  it('counts what an earlier run left in the file against the cap', async () => {
    mkdirSync(join(temp.path, 'logs'), { mode: 0o700 })
    writeFileSync(logPath(), `${JSON.stringify({ level: 'warn', msg: 'from the last run' })}\n`.repeat(45))
    const log = await openFileLog(temp.path, { maxBytes: 2000 })
    log.warn('after a restart')
    await log.close()
    expect(lines(oldPath())).toHaveLength(45)
    expect(lines(logPath()).map((line) => line['msg'])).toEqual(['after a restart'])
  })
})
