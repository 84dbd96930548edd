import { abuseBench } from './abuseBench.js'
import { appBench, launchBench } from './appBench.js'
import { bulkImportBench } from './bulkImportBench.js'
import { commentsBench } from './commentsBench.js'
import { exportBench } from './exportBench.js'
import { historyBench } from './historyBench.js'
import { imageBench } from './imageBench.js'
import { importBench } from './importBench.js'
import { largeDocumentBench } from './largeDocumentBench.js'
import { libraryBench } from './libraryBench.js'
import { listBench } from './listBench.js'
import { networkBench } from './networkBench.js'
import { relayBench } from './relayBench.js'
import { relaysBench } from './relaysBench.js'
import { scaleBench } from './scaleBench.js'
import { searchBench } from './searchBench.js'
import { statsBench } from './statsBench.js'
import { worstCaseBench } from './worstCaseBench.js'
import { workshopBench } from './workshopBench.js'

/**
 * `npm run bench`: every scenario, BENCH_RUNS times each (5 by default), reported as medians.
 * BENCH_ONLY=library, relay, relays, abuse, worst, network, app, import, bulkimport, list, search, scale, stats, export, history, comments, workshop or images runs one part
 * (bulkimport and search take DOCUMENTS small case studies, 2,000 by default; join: the network part's
 * network join alone, of JOIN_DOCUMENTS documents, 500 by default; workshop: its 50-person session
 * WORKSHOP_CROWD_RUNS times, BENCH_RUNS by default, 0 for none, and WORKSHOP_CARETS=0 leaves its stock
 * clients' carets still; relays: one relay on SQLite, one on Postgres and three on Postgres and Redis, BENCH_RELAYS_ROOMS
 * rooms, 40 by default, BENCH_RELAYS_SECONDS of steady load, 15 by default; stats: a network of BENCH_STATS_DOCUMENTS documents, 5,000 by default); launch runs the app's launch to editable alone.
 */
const runs = Number(process.env['BENCH_RUNS'] ?? 5)
const only = process.env['BENCH_ONLY']
if (!only || only === 'library') await libraryBench(runs)
if (!only || only === 'relay') await relayBench(runs)
if (!only || only === 'relays') await relaysBench(runs)
if (!only || only === 'abuse') await abuseBench(runs)
if (!only || only === 'worst') await worstCaseBench(runs)
if (!only || only === 'network' || only === 'join') await networkBench(runs)
if (!only || only === 'network') await largeDocumentBench(runs)
if (!only || only === 'app') await appBench(runs)
if (only === 'launch') await launchBench(runs)
if (!only || only === 'import') await importBench(runs)
if (!only || only === 'bulkimport') await bulkImportBench(runs)
if (!only || only === 'list') await listBench(runs)
if (!only || only === 'search') await searchBench(runs)
if (!only || only === 'scale') await scaleBench(runs)
if (!only || only === 'stats') await statsBench(runs)
if (!only || only === 'export') await exportBench(runs)
if (!only || only === 'history') await historyBench(runs)
if (!only || only === 'comments') await commentsBench(runs)
if (!only || only === 'workshop') await workshopBench(runs)
if (!only || only === 'images') await imageBench(runs)
