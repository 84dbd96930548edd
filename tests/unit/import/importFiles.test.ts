import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type FileImport, importFiles } from '../../../src/main/import/importFiles.js'
import type { FileToImport, ImportedFile, Importer } from '../../../src/main/import/importer.js'
import { eventually } from '../../helpers/eventually.js'
import { useTempDir } from '../../helpers/tempDir.js'

/** Stands in for an Importer's worker: the conversion of a file named in `held` ends when the test says, the others at once. */
class HeldImporter {
  readonly started: string[] = []
  readonly #release = new Map<string, (outcome: 'ok' | Error) => void>()
  constructor(readonly held: ReadonlySet<string>) {}
  import(file: FileToImport): Promise<ImportedFile> {
    this.started.push(file.name)
    const converted = { document: { meta: { title: file.name } }, warnings: [] } as unknown as ImportedFile
    if (!this.held.has(file.name)) return Promise.resolve(converted)
    return new Promise((resolve, reject) => {
      this.#release.set(file.name, (outcome) => (outcome === 'ok' ? resolve(converted) : reject(outcome)))
    })
  }
  release(name: string, outcome: 'ok' | Error = 'ok'): void {
    this.#release.get(name)?.(outcome)
  }
}

/** Time for a lane that should wait to have wrongly gone on, if it would. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20))

describe('importFiles', () => {
  const temp = useTempDir()
  const files = async (count: number) => {
    const paths: string[] = []
    for (let n = 0; n < count; n += 1) {
      paths.push(join(temp.path, `${n}.md`))
      await writeFile(paths[n] as string, `# ${n}\n`)
    }
    return paths
  }

  it('goes on converting past a slow file, up to two groups past those handed out, and hands groups out in file order', async () => {
    const paths = await files(20)
    // 0.md is slow; the others end at once.
    const importer = new HeldImporter(new Set(['0.md']))
    const groups = importFiles([importer as unknown as Importer], paths, {}, 4, async () => {})
    const first = groups.next()
    await eventually(() => importer.started.length >= 8, 'files 0 to 7 are taken on')
    await settle()
    // Groups 0 and 1 (files 0 to 7) were taken on; no file of group 2 before group 0 is handed out.
    expect([...importer.started].sort()).toEqual(['0.md', '1.md', '2.md', '3.md', '4.md', '5.md', '6.md', '7.md'])
    importer.release('0.md')
    expect(((await first).value as FileImport[]).map((result) => result.path)).toEqual(paths.slice(0, 4))
    // Handing a group out makes room for one more: files 8 to 11, not 12.
    await eventually(() => importer.started.length >= 12, 'files 8 to 11 are taken on')
    await settle()
    expect(importer.started.slice(8).sort()).toEqual(['10.md', '11.md', '8.md', '9.md'])
    const rest: string[] = []
    for await (const group of groups) rest.push(...group.map((result) => result.path))
    expect(rest).toEqual(paths.slice(4))
  })

  it('hands out a refused file in its place, and throws an unexpected failure (a bug) instead of hiding it', async () => {
    const paths = await files(3)
    const importer = new HeldImporter(new Set(['0.md', '1.md', '2.md']))
    const groups = importFiles([importer as unknown as Importer], [paths[0] as string, join(temp.path, 'missing.md'), ...paths.slice(1)], {}, 2, async () => {})
    const first = groups.next()
    await eventually(() => importer.started.length >= 2, 'files 0 and 1 are taken on')
    importer.release('0.md')
    importer.release('1.md')
    expect(((await first).value as FileImport[]).map((result) => ('refused' in result ? result.refused.message : result.path))).toEqual([
      paths[0],
      'missing.md: There is no such file.',
    ])
    // It fails while the caller is busy with the first group (storing it): not an unhandled rejection.
    await eventually(() => importer.started.includes('2.md'), 'file 2 is taken on')
    importer.release('2.md', new TypeError('a bug'))
    await settle()
    await expect(groups.next()).rejects.toThrow('a bug')
  })
})
