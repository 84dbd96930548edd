import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

/**
 * `npm start`: builds, then runs the desktop app. Electron's binary is not installed with the npm
 * package (package.json's allowScripts skips its download at install), so it is fetched here, on
 * first start. Where it is missing and cannot be fetched, this says so in one line and runs the
 * browser shell instead, the same app in the browser, opening its address in the default browser.
 */
const root = join(import.meta.dirname, '..')
const node = process.execPath
const run = (args, options = {}) => spawnSync(node, args, { cwd: root, stdio: 'inherit', ...options })

if (run([join(root, 'scripts/build.mjs')]).status !== 0) process.exit(1)

const electron = electronBinary() ?? (fetchElectron() && electronBinary())
const passthrough = process.argv.slice(2)
if (!electron)
  process.stderr.write('Electron cannot start here (its binary is missing and could not be downloaded), so Casebook opens in your browser instead.\n')
const child = electron ? spawn(electron, [join(root, 'dist/electron/main.js'), ...passthrough], { cwd: root, stdio: 'inherit' }) : browserShell()
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)))

/** `casebook serve`, its output passed on, and the address it prints opened in the default browser. */
function browserShell() {
  const shell = spawn(node, [join(root, 'bin/casebook.cjs'), 'serve', ...passthrough], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] })
  let opened = false
  createInterface({ input: shell.stdout }).on('line', (line) => {
    process.stdout.write(`${line}\n`)
    if (opened || !/^http:\/\/127\.0\.0\.1:\d+\//.test(line)) return
    opened = true
    openInBrowser(line)
  })
  return shell
}

/**
 * Opens the address with the system's opener, where there is a screen to open it on: on Linux only
 * with a display (over SSH there is none, and the address printed is the way in). An opener that is
 * missing or fails changes nothing: the address is printed anyway.
 */
function openInBrowser(url) {
  const opener =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY
          ? ['xdg-open', [url]]
          : null
  if (!opener) return
  const [command, args] = opener
  spawn(command, args, { stdio: 'ignore', detached: true })
    .on('error', () => {})
    .unref()
}

function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron')
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

function fetchElectron() {
  const install = join(root, 'node_modules/electron/install.js')
  return existsSync(install) && run([install], { stdio: 'ignore', timeout: 120_000 }).status === 0
}
