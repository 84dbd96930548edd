import { join } from 'node:path'

/** The `casebook` command, built: what tests and benchmarks run, as a user would. */
export const CASEBOOK_BIN = join(import.meta.dirname, '../../bin/casebook.cjs')
