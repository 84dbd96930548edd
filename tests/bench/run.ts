import { libraryBench } from './libraryBench.js'

/** `npm run bench`: every scenario, BENCH_RUNS times each (5 by default), reported as medians. */
const runs = Number(process.env['BENCH_RUNS'] ?? 5)
await libraryBench(runs)
