import { statSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadPreviousSecret, loadSecret } from '../../../src/relay/secret.js'
import { useTempDir } from '../../helpers/tempDir.js'

describe("the relay's signing secret", () => {
  const temp = useTempDir()

  it('is created on first use, readable by its owner only, and the same afterwards', async () => {
    const first = loadSecret(temp.path, {})
    expect(first.byteLength).toBeGreaterThanOrEqual(32)
    expect(statSync(join(temp.path, 'secret')).mode & 0o777).toBe(0o600)
    expect(loadSecret(temp.path, {})).toEqual(first)
    expect(new TextDecoder().decode(first)).toBe(await readFile(join(temp.path, 'secret'), 'utf8'))
  })

  it('comes from CASEBOOK_RELAY_SECRET when that is set, which must be long enough', () => {
    const secret = 's'.repeat(40)
    expect(new TextDecoder().decode(loadSecret(temp.path, { CASEBOOK_RELAY_SECRET: secret }))).toBe(secret)
    expect(() => loadSecret(temp.path, { CASEBOOK_RELAY_SECRET: 'short' })).toThrow('CASEBOOK_RELAY_SECRET must be at least 32 characters long.')
  })

  it('has a previous one only while a rotation lasts: from CASEBOOK_RELAY_PREVIOUS_SECRET, else the secret.previous file', () => {
    expect(loadPreviousSecret(temp.path, {})).toBeNull()
    const previous = 'p'.repeat(43)
    writeFileSync(join(temp.path, 'secret.previous'), `${previous}\n`)
    expect(new TextDecoder().decode(loadPreviousSecret(temp.path, {})!)).toBe(previous)
    const fromEnv = 'e'.repeat(40)
    expect(new TextDecoder().decode(loadPreviousSecret(temp.path, { CASEBOOK_RELAY_PREVIOUS_SECRET: fromEnv })!)).toBe(fromEnv)
    expect(() => loadPreviousSecret(temp.path, { CASEBOOK_RELAY_PREVIOUS_SECRET: 'short' })).toThrow(
      'CASEBOOK_RELAY_PREVIOUS_SECRET must be at least 32 characters long.',
    )
    writeFileSync(join(temp.path, 'secret.previous'), 'short')
    expect(() => loadPreviousSecret(temp.path, {})).toThrow(`${join(temp.path, 'secret.previous')} must be at least 32 characters long.`)
  })
})
