import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** Where Chromium or Chrome usually lies on each system, after CHROMIUM_PATH. */
function usualPlaces(): string[] {
  if (process.platform === 'darwin') {
    return ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome']
  }
  if (process.platform === 'win32') {
    const roots = [process.env['PROGRAMFILES'], process.env['PROGRAMFILES(X86)'], process.env['LOCALAPPDATA']].filter((root) => root !== undefined)
    return roots.flatMap((root) => [join(root, 'Google/Chrome/Application/chrome.exe'), join(root, 'Chromium/Application/chrome.exe')])
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium']
}

/** The Chromium that prints PDFs: CHROMIUM_PATH if set, else the first found in the usual places; null if none is. */
export function findChromium(): string | null {
  const given = process.env['CHROMIUM_PATH']
  if (given) return existsSync(given) ? given : null
  return usualPlaces().find((path) => existsSync(path)) ?? null
}
