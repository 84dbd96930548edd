import { rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { Library } from '../../src/main/library/library.js'
import { SearchIndex } from '../../src/main/services/searchIndex.js'
import { SEARCH_INDEX_FILE } from '../../src/main/services/searchIndexFile.js'
import { newDocumentContent } from '../../src/shared/model/documentBody.js'
import { TempDirs } from '../helpers/tempDirs.js'
import { mulberry32, zipf } from './caseStudyCorpus.js'
import { figure, report } from './report.js'

/**
 * A library of DOCUMENTS (from the environment: 500, 2,000 or 5,000; 2,000 unless given) small case
 * studies: a title, a city, and 300 to 600 words in paragraphs of 60, drawn from a vocabulary of
 * 20,000 words by Zipf's law, as words are in real text. Made once. Each run: the index rebuilt from
 * nothing, in the background, and written; then, after a restart with the index on disk, a search
 * made the moment the app starts (it waits for the index to load), the first search once it is
 * loaded, and a later one. Throughout, the longest stall of the main thread's event loop, which
 * answers the renderer.
 */
const DOCUMENTS = Number(process.env['DOCUMENTS'] ?? 2000)
const VOCABULARY = 20_000
const CITIES = ['Lagos', 'Bogotá', 'Pune', 'Dakar', 'Lima', 'Recife', 'Accra', 'Quito', 'Hanoi', 'Izmir']

export async function searchBench(runs: number): Promise<void> {
  const dirs = new TempDirs('casebook-bench-search-')
  const dataDir = dirs.make()
  const path = join(dataDir, 'library', SEARCH_INDEX_FILE)
  try {
    process.stderr.write(`search: creating ${DOCUMENTS} case studies\n`)
    const words = await makeLibrary(dataDir)
    // Words of the middle of the vocabulary: in some documents, not most.
    const queries = [`${words[300]} ${words[900]}`, words[2000]!.slice(0, 5), `${words[150]}`]
    const samples = {
      rebuild: [] as number[],
      atLaunch: [] as number[],
      load: [] as number[],
      first: [] as number[],
      later: [] as number[],
      bytes: [] as number[],
    }
    const stalls = { rebuild: [] as number[], launch: [] as number[] }
    for (let run = 1; run <= runs; run += 1) {
      process.stderr.write(`search: run ${run} of ${runs}\n`)
      await rm(path, { force: true })
      let library = await Library.open(dataDir)
      let stall = stallMonitor()
      let start = performance.now()
      let index = new SearchIndex(path).attach(library)
      await index.built()
      samples.rebuild.push(performance.now() - start)
      await index.close()
      stalls.rebuild.push(stall())
      await library.close()
      samples.bytes.push((await stat(path)).size)

      library = await Library.open(dataDir)
      stall = stallMonitor()
      start = performance.now()
      index = new SearchIndex(path).attach(library)
      const { progress } = await index.search(queries[0]!)
      samples.atLaunch.push(performance.now() - start)
      if (progress.indexed !== progress.total) throw new Error(`after a restart ${progress.indexed} of ${progress.total} documents were indexed`)
      await index.close()
      await library.close()

      library = await Library.open(dataDir)
      start = performance.now()
      index = new SearchIndex(path).attach(library)
      await index.progress()
      samples.load.push(performance.now() - start)
      start = performance.now()
      const { hits } = await index.search(queries[1]!)
      samples.first.push(performance.now() - start)
      if (!hits.some((hit) => hit.passage)) throw new Error('no hit has a passage')
      start = performance.now()
      await index.search(queries[2]!)
      samples.later.push(performance.now() - start)
      await index.close()
      stalls.launch.push(stall())
      await library.close()
    }
    await report('search', runs, [
      figure(`first search once the index is loaded, ${DOCUMENTS} documents`, 'ms', samples.first, undefined, '≤ 150 ms'),
      figure('a later search', 'ms', samples.later),
      figure('search made as the app starts (waits for the index to load)', 'ms', samples.atLaunch),
      figure('loading the index, in its worker', 'ms', samples.load),
      figure('rebuild of the whole index, in the background', 'ms', samples.rebuild),
      figure('longest stall of the main thread during a rebuild and its write', 'ms', stalls.rebuild, undefined, '≤ 50 ms'),
      figure('longest stall of the main thread during a launch, searches and close', 'ms', stalls.launch, undefined, '≤ 50 ms'),
      figure('size of the search index', 'B', samples.bytes),
    ])
  } finally {
    dirs.removeAll()
  }
}

/** Starts watching the event loop; the function returned stops and gives its longest stall, in ms. */
function stallMonitor(): () => number {
  const histogram = monitorEventLoopDelay({ resolution: 5 })
  histogram.enable()
  return () => {
    histogram.disable()
    return histogram.max / 1e6
  }
}

/** Makes the library; returns its vocabulary, most frequent word first. */
async function makeLibrary(dataDir: string): Promise<string[]> {
  const random = mulberry32(15)
  const syllables = ['ba', 'ko', 'ri', 'ten', 'mo', 'sa', 'lu', 'dar', 'pe', 'vi', 'gon', 'tra', 'nu', 'se', 'li', 'am', 'or', 'qui', 'zel', 'fa']
  const words = new Set<string>()
  while (words.size < VOCABULARY) {
    const length = 1 + Math.floor(random() * 3) + Math.floor(random() * 2)
    words.add(Array.from({ length }, () => syllables[Math.floor(random() * syllables.length)]).join(''))
  }
  const vocabulary = [...words]
  const word = zipf(random, vocabulary)
  const sentence = (count: number) => Array.from({ length: count }, word).join(' ')
  const library = await Library.open(dataDir)
  try {
    for (let i = 0; i < DOCUMENTS; i += 1) {
      const paragraphs = 5 + Math.floor(random() * 6)
      const body = { type: 'doc', content: Array.from({ length: paragraphs }, () => ({ type: 'paragraph', content: [{ type: 'text', text: sentence(60) }] })) }
      await library.create(newDocumentContent({ kind: 'case-study', title: `${sentence(4)} ${i}`, city: CITIES[i % CITIES.length]! }, body))
    }
  } finally {
    await library.close()
  }
  return vocabulary
}
