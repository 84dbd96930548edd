import { abuseBench } from './abuseBench.js'
import { appBench, launchBench } from './appBench.js'
import { importBench } from './importBench.js'
import { largeDocumentBench } from './largeDocumentBench.js'
import { libraryBench } from './libraryBench.js'
import { networkBench } from './networkBench.js'
import { relayBench } from './relayBench.js'
import { scaleBench } from './scaleBench.js'
import { worstCaseBench } from './worstCaseBench.js'

/**
 * `npm run bench`: every scenario, BENCH_RUNS times each (5 by default), reported as medians.
 * BENCH_ONLY=library, relay, abuse, worst, network, app, import or scale runs one part; launch runs the app's
 * launch to editable alone.
 */
const runs = Number(process.env['BENCH_RUNS'] ?? 5)
const only = process.env['BENCH_ONLY']
if (!only || only === 'library') await libraryBench(runs)
if (!only || only === 'relay') await relayBench(runs)
if (!only || only === 'abuse') await abuseBench(runs)
if (!only || only === 'worst') await worstCaseBench(runs)
if (!only || only === 'network') await networkBench(runs)
if (!only || only === 'network') await largeDocumentBench(runs)
if (!only || only === 'app') await appBench(runs)
if (only === 'launch') await launchBench(runs)
if (!only || only === 'import') await importBench(runs)
if (!only || only === 'scale') await scaleBench(runs)
