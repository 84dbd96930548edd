/** The public scheme of invite links (src/shared/protocol/inviteLink.ts), which the OS hands the app. */
export const INVITE_SCHEME = 'casebook'

/** What the OS runs for a link, as process.defaultApp, process.execPath and process.argv tell. */
export interface Launch {
  defaultApp?: boolean
  execPath: string
  argv: readonly string[]
}

/**
 * The program and arguments app.setAsDefaultProtocolClient registers for the invite scheme. A packaged
 * app is its own program: null, for Electron's default. A development run (`electron <app>`) is
 * registered as Electron's binary with the app's path resolved, as Electron's docs say for an app that
 * is not packaged, so that a link starts this app rather than Electron's default one.
 */
export function protocolClientCommand(launch: Launch, resolvePath: (path: string) => string): { path: string; args: string[] } | null {
  const app = launch.argv[1]
  if (!launch.defaultApp || app === undefined) return null
  return { path: launch.execPath, args: [resolvePath(app)] }
}
