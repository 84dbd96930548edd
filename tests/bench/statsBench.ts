import { Library } from '../../src/main/library/library.js'
import { readCatalogFile } from '../../src/main/sync/NetworkRoomCopy.js'
import { recordedStats } from '../../src/cli/recordedStats.js'
import { libraryStats } from '../../src/shared/model/libraryStats.js'
import { casebook } from '../helpers/cli.js'
import { TempDirs } from '../helpers/tempDirs.js'
import { writeNetworkLibrary } from './networkLibrary.js'
import { figure, report } from './report.js'

const NETWORK = 'bench'

/**
 * A network's figures (issue 20) on a library of BENCH_STATS_DOCUMENTS documents of one network
 * (5,000 by default; networkLibrary.ts): `casebook stats --network` as a user runs it, the built
 * command in a child process, from its start to its exit, against `casebook list --json` on the same
 * library (what opening the library and printing it costs any command); and in process, libraryStats
 * alone over the documents and catalog in memory, and the command's work (the library opened, the
 * catalog read, the figures computed) without Node's start and the bundle's load. Each command runs
 * once unmeasured first, so that every measured run reads a library the system has cached, as a
 * user's second look does.
 */
export async function statsBench(runs: number): Promise<void> {
  const size = Number(process.env['BENCH_STATS_DOCUMENTS'] ?? 5000)
  const dirs = new TempDirs('casebook-bench-stats-')
  try {
    const data = dirs.make()
    process.stderr.write(`stats: writing a library of ${size} documents\n`)
    const made = await writeNetworkLibrary(data, NETWORK, size)
    process.stderr.write(`stats: ${made.decisions} decisions, ${made.adaptations} adaptations\n`)
    const expected = await inProcess(data)
    await checkedCommand(data, expected.json)
    await casebook(['list', '--json', '--data', data])

    const command: number[] = []
    const list: number[] = []
    const work: number[] = []
    for (let run = 1; run <= runs; run += 1) {
      process.stderr.write(`stats: run ${run} of ${runs}\n`)
      command.push(await timed(() => checkedCommand(data, null)))
      list.push(await timed(() => casebook(['list', '--json', '--data', data])))
      work.push((await inProcess(data)).ms)
    }
    const computed = await computeRuns(data, runs)
    const at = size === 5000 ? '' : ' at 5,000'
    await report(`stats-${size}`, runs, [
      figure(
        `casebook stats --network (${size.toLocaleString('en-US')} documents)`,
        'ms',
        command,
        { name: 'casebook list --json', values: list },
        `≤ 1,000 ms${at}`,
      ),
      figure('  in process: library opened, catalog read, figures computed', 'ms', work),
      figure('  in process: libraryStats alone', 'ms', computed),
    ])
  } finally {
    dirs.removeAll()
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return performance.now() - started
}

/** `casebook stats` in a child process; with `json`, checks that it prints what was computed in process. */
async function checkedCommand(data: string, json: string | null): Promise<void> {
  const result = await casebook(['stats', '--network', NETWORK, '--data', data, ...(json === null ? [] : ['--json'])])
  if (result.code !== 0) throw new Error(`casebook stats failed: ${result.stderr}`)
  if (json !== null && result.stdout.trim() !== json) throw new Error('casebook stats --json printed other figures than libraryStats computed in process')
}

/** What the command does once its bundle is loaded, in this process: its time, and the figures as JSON. */
async function inProcess(data: string): Promise<{ ms: number; json: string }> {
  const started = performance.now()
  const library = await Library.open(data)
  try {
    const stats = await recordedStats(data, library, NETWORK)
    return { ms: performance.now() - started, json: JSON.stringify(stats, null, 2) }
  } finally {
    await library.close()
  }
}

/** libraryStats alone, `runs` times, over the library's documents and catalog read once. */
async function computeRuns(data: string, runs: number): Promise<number[]> {
  const library = await Library.open(data)
  const catalog = await readCatalogFile(data, NETWORK)
  try {
    const documents = library.list().map(({ id, meta }) => ({ id, meta, status: meta.status }))
    const times: number[] = []
    for (let run = 0; run < runs; run += 1) times.push(await timed(async () => libraryStats(NETWORK, documents, catalog.doc, null, null)))
    return times
  } finally {
    catalog.doc.destroy()
    await library.close()
  }
}
