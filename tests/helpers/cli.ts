import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { CASEBOOK_BIN } from './casebookBin.js'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs the built `casebook` command in a child process, as a user would. */
export function casebook(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {}): Promise<CliResult> {
  const env = { ...process.env, TZ: 'UTC', CASEBOOK_DATA: '', ...options.env }
  return new Promise((resolve) => {
    execFile(process.execPath, [...(options.nodeArgs ?? []), CASEBOOK_BIN, ...args], { cwd: options.cwd, env, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

/** Every file under a folder with a hash of its content, to show that a failed command changed nothing. */
export function snapshotTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {}
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name)
      if (entry.isDirectory()) {
        files[`${relative(dir, full)}/`] = 'dir'
        walk(full)
      } else {
        files[relative(dir, full)] = `${createHash('sha256').update(readFileSync(full)).digest('hex')}:${statSync(full).size}`
      }
    }
  }
  walk(dir)
  return files
}
