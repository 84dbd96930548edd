import { readInviteLink } from '../../shared/protocol/inviteLink.js'

/**
 * The invite link among a launch's arguments, as Windows and Linux hand a clicked `casebook://join?…`
 * to the app (its own process.argv, or a second launch's in `second-instance`); null if there is none.
 * Anything else is ignored: Electron's and Chromium's flags, the app's path, a link of another kind.
 * Of two links, the last.
 */
export function inviteLinkInArgv(argv: readonly string[]): string | null {
  return argv.findLast((argument) => readInviteLink(argument) !== null)?.trim() ?? null
}
