import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readMeta } from '../../src/shared/model/document.js'
import { newDocumentContent, readBodyText } from '../../src/shared/model/documentBody.js'
import { Library, type Repair } from '../../src/main/library/library.js'
import { spawnChild, useChildren } from '../helpers/child.js'
import { paragraphs } from '../helpers/documents.js'
import { useTempDir } from '../helpers/tempDir.js'

const KILLS = 24

const randomDelay = (min: number, max: number) => new Promise((resolve) => setTimeout(resolve, min + Math.random() * (max - min)))

describe('a process killed with SIGKILL', () => {
  const temp = useTempDir()
  useChildren()

  it(`loses no update it reported durable, over ${KILLS} kills at random moments`, { timeout: 180_000 }, async () => {
    const setup = await Library.open(temp.path)
    const id = await setup.create(newDocumentContent({ kind: 'case-study', title: 'Crash test' }))
    await setup.close()

    const durable = new Map<number, number>()
    const repairs: Repair[] = []
    for (let run = 0; run < KILLS; run += 1) {
      const child = spawnChild('appendUntilKilled.ts', [temp.path, id, String(run)])
      await child.waitForLine((line) => line === 'ready')
      await randomDelay(30, 400)
      child.process.kill('SIGKILL')
      expect((await child.exited).signal).toBe('SIGKILL')
      const reported = child.lines.filter((line) => line.startsWith('durable ')).map((line) => Number(line.slice('durable '.length)))
      durable.set(run, Math.max(-1, ...reported))

      // The library opens (taking over the dead child's lock), and holds every reported update.
      const library = await Library.open(temp.path, { onRepair: (repair) => repairs.push(repair) })
      const present = new Set(paragraphs((await library.open(id)).doc))
      for (const [earlierRun, last] of durable) {
        for (let n = 0; n <= last; n += 1) expect(present.has(`${earlierRun}:${n}`), `update ${earlierRun}:${n} was reported durable`).toBe(true)
      }
      expect(library.list().map((document) => document.id)).toEqual([id])
      await library.close()
    }
    // Kills land mid-write often enough that the runs as a whole must have reported real progress.
    expect([...durable.values()].reduce((sum, last) => sum + last + 1, 0)).toBeGreaterThan(KILLS * 10)
    for (const repair of repairs) expect(repair.documentId).toBe(id)
  })

  it('leaves each document it was creating either absent or complete', { timeout: 120_000 }, async () => {
    const created = new Set<string>()
    for (let run = 0; run < 10; run += 1) {
      const child = spawnChild('createUntilKilled.ts', [temp.path])
      await child.waitForLine((line) => line === 'ready')
      await randomDelay(20, 300)
      child.process.kill('SIGKILL')
      await child.exited
      for (const line of child.lines) if (line.startsWith('created ')) created.add(line.slice('created '.length))

      const library = await Library.open(temp.path)
      expect(library.damaged()).toEqual([])
      const listed = library.list()
      for (const reported of created) expect(listed.map((document) => document.id)).toContain(reported)
      for (const { id } of listed) {
        const doc = (await library.open(id)).doc
        expect(readMeta(doc).title).toMatch(/^Imported \d+$/)
        expect(readBodyText(doc).endsWith('END')).toBe(true)
      }
      await library.close()
      expect(await readdir(join(temp.path, 'library', 'staging'))).toEqual([])
    }
    expect(created.size).toBeGreaterThan(0)
  })
})
