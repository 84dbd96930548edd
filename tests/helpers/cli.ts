import { execFile, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { CASEBOOK_BIN } from './casebookBin.js'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

interface CliOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  nodeArgs?: string[]
}

/** Runs the built `casebook` command in a child process, as a user would. */
export function casebook(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const { nodeArgs, spawnOptions } = commandLine(args, options)
  return new Promise((resolve) => {
    execFile(process.execPath, nodeArgs, spawnOptions, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

/** casebook(), waiting for the command's end: for a Playwright fixture that answers at once. */
export function casebookSync(args: string[], options: CliOptions = {}): CliResult {
  const { nodeArgs, spawnOptions } = commandLine(args, options)
  const { status, stdout, stderr } = spawnSync(process.execPath, nodeArgs, spawnOptions)
  return { code: status ?? 1, stdout, stderr }
}

function commandLine(args: string[], options: CliOptions) {
  const env = { ...process.env, TZ: 'UTC', CASEBOOK_DATA: '', ...options.env }
  return { nodeArgs: [...(options.nodeArgs ?? []), CASEBOOK_BIN, ...args], spawnOptions: { cwd: options.cwd, env, encoding: 'utf8' as const } }
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
