import { rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Library } from '../../src/main/library/library.js'
import { SearchIndex } from '../../src/main/services/searchIndex.js'
import { SEARCH_INDEX_FILE } from '../../src/main/services/searchIndexFile.js'
import { newDocumentContent } from '../../src/shared/model/document.js'
import { seededRandom } from '../helpers/seededRandom.js'
import { TempDirs } from '../helpers/tempDirs.js'
import { figure, report } from './report.js'

/**
 * A library of 2,000 small case studies (a title, a city, three paragraphs of 60 words), made once.
 * Each run: the search index rebuilt from nothing (the first search answers at once, from what is
 * indexed so far), then, after a restart, the first search with the index on disk and a later one.
 */
const DOCUMENTS = 2000
const WORDS = [
  'bus',
  'rapid',
  'transit',
  'corridor',
  'cycle',
  'lane',
  'ridership',
  'fare',
  'depot',
  'electric',
  'station',
  'city',
  'budget',
  'council',
  'survey',
  'riders',
  'safety',
  'walking',
  'river',
  'bridge',
  'school',
  'market',
  'parking',
  'tram',
]
const CITIES = ['Lagos', 'Bogotá', 'Pune', 'Dakar', 'Lima', 'Recife', 'Accra', 'Quito', 'Hanoi', 'Izmir']
const QUERY = 'electric depot'

export async function searchBench(runs: number): Promise<void> {
  const dirs = new TempDirs('casebook-bench-search-')
  const dataDir = dirs.make()
  const path = join(dataDir, 'library', SEARCH_INDEX_FILE)
  try {
    process.stderr.write(`search: creating ${DOCUMENTS} case studies\n`)
    await makeLibrary(dataDir)
    const samples = { rebuild: [] as number[], during: [] as number[], first: [] as number[], later: [] as number[], bytes: [] as number[] }
    for (let run = 1; run <= runs; run += 1) {
      process.stderr.write(`search: run ${run} of ${runs}\n`)
      await rm(path, { force: true })
      let library = await Library.open(dataDir)
      let start = performance.now()
      let index = new SearchIndex(library, path)
      await index.search(QUERY)
      samples.during.push(performance.now() - start)
      await index.built()
      samples.rebuild.push(performance.now() - start)
      await index.close()
      await library.close()
      samples.bytes.push((await stat(path)).size)

      library = await Library.open(dataDir)
      start = performance.now()
      index = new SearchIndex(library, path)
      const { indexed, total } = (await index.search(QUERY)).progress
      samples.first.push(performance.now() - start)
      if (indexed !== total) throw new Error(`after a restart ${indexed} of ${total} documents were indexed`)
      start = performance.now()
      await index.search('bridge school')
      samples.later.push(performance.now() - start)
      await index.close()
      await library.close()
    }
    await report('search', runs, [
      figure(`first search after a restart, index on disk, ${DOCUMENTS} documents`, 'ms', samples.first, undefined, '≤ 150 ms'),
      figure('a later search', 'ms', samples.later),
      figure('first search while the index is rebuilt (answers from what is indexed)', 'ms', samples.during),
      figure('rebuild of the whole index, in the background', 'ms', samples.rebuild),
      figure('size of search.json', 'B', samples.bytes),
    ])
  } finally {
    dirs.removeAll()
  }
}

async function makeLibrary(dataDir: string): Promise<void> {
  const random = seededRandom(15)
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!
  const sentence = (count: number) => Array.from({ length: count }, () => pick(WORDS)).join(' ')
  const library = await Library.open(dataDir)
  try {
    for (let i = 0; i < DOCUMENTS; i += 1) {
      const body = { type: 'doc', content: [0, 1, 2].map(() => ({ type: 'paragraph', content: [{ type: 'text', text: sentence(60) }] })) }
      await library.create(newDocumentContent({ kind: 'case-study', title: `${sentence(3)} ${i}`, city: pick(CITIES) }, body))
    }
  } finally {
    await library.close()
  }
}
