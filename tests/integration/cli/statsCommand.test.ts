import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MAGIC } from '../../../src/main/library/frames.js'
import { writeStoredDoc } from '../../../src/main/library/storedDoc.js'
import { catalogPath } from '../../../src/main/sync/NetworkRoomCopy.js'
import type { NetworkStats } from '../../../src/shared/model/networkStats.js'
import { casebook, snapshotTree } from '../../helpers/cli.js'
import { expectUserError } from '../../helpers/expectUserError.js'
import { day, type StatsLibrary, writeStatsLibrary } from '../../helpers/statsLibrary.js'
import { useTempDir } from '../../helpers/tempDir.js'

describe('casebook stats', () => {
  const temp = useTempDir()
  let data: string
  let ids: StatsLibrary
  const run = (...args: string[]) => casebook([...args, '--data', data], { cwd: temp.path })

  beforeEach(async () => {
    data = join(temp.path, 'data')
    ids = await writeStatsLibrary(data)
  })

  it("prints the network's figures as JSON: its documents by the catalog's status, no city counted as '', the trash left out, adaptations from other networks (held here or told by the room)", async () => {
    const result = await run('stats', '--network', 'brt', '--json')
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const stats = JSON.parse(result.stdout) as NetworkStats
    const { lagos, quito, notes } = ids
    expect(stats).toEqual({
      network: 'brt',
      documents: 3,
      // Lagos BRT says it was submitted; its catalog published it.
      byStatus: [
        { key: 'draft', count: 2 },
        { key: 'submitted', count: 0 },
        { key: 'in-review', count: 0 },
        { key: 'published', count: 1 },
        { key: 'archived', count: 0 },
      ],
      // The lessons learned in the trash is not counted.
      byKind: [
        { key: 'case-study', count: 2 },
        { key: 'lessons-learned', count: 0 },
        { key: 'workshop-notes', count: 1 },
      ],
      byCity: [
        { key: '', count: 1 },
        { key: 'Lagos', count: 1 },
        { key: 'Quito', count: 1 },
      ],
      byTopic: [
        { key: 'bus rapid transit', count: 1 },
        { key: 'cable car', count: 1 },
      ],
      contributors: [
        { city: '', names: ['Dee'] },
        { city: 'Lagos', names: ['Ada Obi'] },
        { city: 'Quito', names: ['Bola'] },
      ],
      months: [
        { month: '2026-01', created: 2, submitted: 0, published: 0, adapted: 0 },
        { month: '2026-02', created: 0, submitted: 1, published: 1, adapted: 0 },
        { month: '2026-03', created: 0, submitted: 0, published: 0, adapted: 1 },
        { month: '2026-04', created: 1, submitted: 0, published: 0, adapted: 0 },
        { month: '2026-05', created: 0, submitted: 0, published: 0, adapted: 0 },
        { month: '2026-06', created: 0, submitted: 0, published: 0, adapted: 1 },
      ],
      // Lima BRT, of network heat, adapts Lagos BRT; so does Jakarta's, which only brt's adaptations room tells of.
      // The room's reference saying Lima BRT adapts Quito cable car is forged: Lima BRT says otherwise.
      mostAdapted: [{ id: lagos, title: 'Lagos BRT', city: 'Lagos', adaptations: 2, cities: ['Jakarta', 'Lima'] }],
      adaptations: 2,
      activity: [
        { kind: 'adapted', document: lagos, title: 'Lagos BRT', at: day('06-02'), by: 'Jakarta', isNew: false },
        { kind: 'created', document: notes, title: 'Network call', at: day('04-05'), by: 'Dee', isNew: false },
        { kind: 'adapted', document: lagos, title: 'Lagos BRT', at: day('03-10'), by: 'Lima', isNew: false },
        { kind: 'decided', document: lagos, title: 'Lagos BRT', at: day('02-15'), by: 'Fatima', status: 'published', isNew: false },
        { kind: 'submitted', document: lagos, title: 'Lagos BRT', at: day('02-01'), by: 'Ada Obi', isNew: false },
        { kind: 'created', document: quito, title: 'Quito cable car', at: day('01-20'), by: 'Bola', isNew: false },
        { kind: 'created', document: lagos, title: 'Lagos BRT', at: day('01-10'), by: 'Ada Obi', isNew: false },
      ],
      newActivity: 0,
    })
  })

  it('prints them as plain tables, a section each', async () => {
    const result = await run('stats', '--network', 'brt')
    expect(result).toMatchObject({ code: 0, stderr: '' })
    const { lagos, quito, notes } = ids
    expect(result.stdout).toBe(
      `${[
        'Network brt: 3 documents, 2 adaptations',
        '',
        'Documents by status',
        'STATUS     DOCUMENTS',
        'draft      2',
        'submitted  0',
        'in-review  0',
        'published  1',
        'archived   0',
        '',
        'Documents by kind',
        'KIND             DOCUMENTS',
        'case-study       2',
        'lessons-learned  0',
        'workshop-notes   1',
        '',
        'Documents by city',
        'CITY       DOCUMENTS',
        '(no city)  1',
        'Lagos      1',
        'Quito      1',
        '',
        'Documents by topic',
        'TOPIC              DOCUMENTS',
        'bus rapid transit  1',
        'cable car          1',
        '',
        'Contributors per city',
        'CITY       CONTRIBUTORS  NAMES',
        '(no city)  1             Dee',
        'Lagos      1             Ada Obi',
        'Quito      1             Bola',
        '',
        'Per month',
        'MONTH    CREATED  SUBMITTED  PUBLISHED  ADAPTED',
        '2026-01  2        0          0          0',
        '2026-02  0        1          1          0',
        '2026-03  0        0          0          1',
        '2026-04  1        0          0          0',
        '2026-05  0        0          0          0',
        '2026-06  0        0          0          1',
        '',
        'Most adapted',
        'ID                ADAPTATIONS  CITY   TITLE      ADAPTED BY',
        `${lagos}  2            Lagos  Lagos BRT  Jakarta, Lima`,
        '',
        'Recent activity',
        'WHEN              WHAT                BY       ID                TITLE',
        `2026-06-02 09:00  adapted             Jakarta  ${lagos}  Lagos BRT`,
        `2026-04-05 09:00  created             Dee      ${notes}  Network call`,
        `2026-03-10 09:00  adapted             Lima     ${lagos}  Lagos BRT`,
        `2026-02-15 09:00  moved to published  Fatima   ${lagos}  Lagos BRT`,
        `2026-02-01 09:00  submitted           Ada Obi  ${lagos}  Lagos BRT`,
        `2026-01-20 09:00  created             Bola     ${quito}  Quito cable car`,
        `2026-01-10 09:00  created             Ada Obi  ${lagos}  Lagos BRT`,
      ].join('\n')}\n`,
    )
  })

  it('counts a network whose documents this device holds but whose catalog it never synced, each a draft', async () => {
    const result = await run('stats', '--network', 'heat', '--json')
    expect(result.code, result.stderr).toBe(0)
    const stats = JSON.parse(result.stdout) as NetworkStats
    expect(stats).toMatchObject({ network: 'heat', documents: 1, adaptations: 0, mostAdapted: [] })
    expect(stats.byStatus.filter(({ count }) => count > 0)).toEqual([{ key: 'draft', count: 1 }])
    expect(stats.byCity).toEqual([{ key: 'Lima', count: 1 }])
  })

  it('counts a network synced with no document yet as zeros, and says nothing is there yet', async () => {
    const catalog = new Y.Doc()
    await mkdir(join(data, 'sync'), { recursive: true })
    await writeStoredDoc(catalogPath(data, 'quiet'), { doc: catalog, sent: Y.encodeStateVector(catalog) }, MAGIC.catalog)
    const result = await run('stats', '--network', 'quiet')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^Network quiet: 0 documents, 0 adaptations\n/)
    expect(result.stdout).toContain('Documents by city\nNone yet.\n\nDocuments by topic\nNone yet.')
    expect(result.stdout).toMatch(/Recent activity\nNone yet\.\n$/)
  })

  it('says plainly that a network was never synced here, and refuses a network id that cannot be one, changing nothing', async () => {
    const before = snapshotTree(data)
    expectUserError(
      await run('stats', '--network', 'lima-net'),
      /^casebook: This device has never synced network lima-net: it holds neither its catalog nor any of its documents\. Join it in the app first\.$/,
    )
    const bad = await run('stats', '--network', 'BRT!')
    expect(bad.code).toBe(2)
    expectUserError(bad, /--network must be a network id made of lowercase letters, digits and dashes, not "BRT!"\./)
    const missing = await run('stats')
    expect(missing.code).toBe(2)
    expectUserError(missing, /stats needs --network\./)
    expect(snapshotTree(data)).toEqual(before)
  })
})
