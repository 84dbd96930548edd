import { expect } from 'vitest'
import type { CliResult } from './cli.js'

/** A user error: non-zero exit, exactly one line on stderr that says what is wrong, no stack trace. */
export function expectUserError(result: CliResult, message: RegExp): void {
  expect(result.code, result.stdout).not.toBe(0)
  const lines = result.stderr.trimEnd().split('\n')
  expect(lines, result.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^casebook: /)
  expect(lines[0]).toMatch(message)
  expect(result.stderr).not.toMatch(/\n\s+at /)
}
