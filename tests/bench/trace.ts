import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'

/** Where the editing traces are: CASEBOOK_TRACES, else the workspace's shared data folder. */
const TRACES = process.env['CASEBOOK_TRACES'] ?? join(import.meta.dirname, '../../../shared/data/editing-traces')

/** A sequential editing trace (see the traces' README). */
export interface Trace {
  startContent: string
  endContent: string
  txns: { patches: [position: number, deleted: number, inserted: string][] }[]
}

export function loadTrace(name: string): Trace {
  const path = join(TRACES, `${name}.json.gz`)
  try {
    return JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as Trace
  } catch (error) {
    throw new Error(`The benchmark needs ${path}; set CASEBOOK_TRACES to the folder of the editing traces (${(error as Error).message}).`)
  }
}
