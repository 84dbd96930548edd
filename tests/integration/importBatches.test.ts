import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { casebook } from '../helpers/cli.js'
import { useTempDir } from '../helpers/tempDir.js'

/** More files than one batch (128), a few of them refused in different batches. */
const FILES = 300
const REFUSED = new Set([3, 200, 299])

describe('casebook import of more files than one batch', () => {
  const temp = useTempDir()
  let data: string
  let paths: string[]
  beforeEach(async () => {
    data = join(temp.path, 'data')
    const inputs = join(temp.path, 'inputs')
    await mkdir(inputs)
    paths = []
    for (let n = 0; n < FILES; n += 1) {
      const path = join(inputs, REFUSED.has(n) ? `notes-${n}.pdf` : `case-${n}.md`)
      await writeFile(path, REFUSED.has(n) ? '%PDF-1.7' : `---\ntitle: Case ${n}\n---\nThe case study ${n}.\n`)
      paths.push(path)
    }
  })

  it('prints the documents in the order of the files, names each refused file, and exits with 1', { timeout: 120_000 }, async () => {
    const result = await casebook(['import', ...paths, '--data', data], { cwd: temp.path })
    expect(result.code).toBe(1)
    const printed = result.stdout.trimEnd().split('\n')
    const expected = paths.flatMap((path, n) => (REFUSED.has(n) ? [] : [{ title: `Case ${n}`, path }]))
    expect(printed).toHaveLength(expected.length)
    expect(printed.map((line) => line.replace(/^[0-9a-f]{16} {2}/, ''))).toEqual(expected.map(({ title, path }) => `${title}  (from ${path})`))
    const errors = result.stderr.trimEnd().split('\n')
    expect(errors.map((line) => line.split(':')[1]?.trim())).toEqual([
      'notes-3.pdf',
      'notes-200.pdf',
      'notes-299.pdf',
      '3 of the 300 files were not imported; the other 297 were.',
    ])
    const listed = JSON.parse((await casebook(['list', '--json', '--data', data], { cwd: temp.path })).stdout) as unknown[]
    expect(listed).toHaveLength(297)
  })

  it('on a full disk, names the file the store stopped at, the refusals before it, and how many files were not attempted', { timeout: 120_000 }, async () => {
    // The data directory made before the disk fills.
    expect((await casebook(['new', '--kind', 'case-study', '--title', 'Before', '--data', data], { cwd: temp.path })).code).toBe(0)
    const result = await casebook(['import', ...paths.slice(0, 130), '--data', data], {
      cwd: temp.path,
      nodeArgs: ['--import', join(import.meta.dirname, '../helpers/diskFull.mjs')],
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    const errors = result.stderr.trimEnd().split('\n')
    expect(errors, result.stderr).toHaveLength(2)
    expect(errors[0]).toMatch(/^casebook: notes-3\.pdf: Casebook imports Markdown/)
    expect(errors[1]).toBe(`casebook: ${paths[0]}: Could not store the new document "Case 0": the disk is full. The last 2 files were not attempted.`)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})
