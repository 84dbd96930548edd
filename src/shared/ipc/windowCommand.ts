import { inviteLink, readInviteLink } from '../protocol/inviteLink.js'

/** What the desktop app's menu can ask of the window. */
export const APP_COMMANDS = ['new-document', 'import', 'export', 'close-document', 'about', 'notices'] as const
export type AppCommand = (typeof APP_COMMANDS)[number]

/**
 * What the desktop app's main process asks of the window: a menu's command, or an invite link the
 * operating system handed it (a clicked `casebook://join?…`, or a second launch's argument), which
 * the window shows on the networks screen, filled in, to be joined only when the user says so.
 */
export type WindowCommand = { type: 'app-command'; command: AppCommand } | { type: 'invite-link'; link: string }

/**
 * Where the page keeps the commands given it and not yet done (`window[WINDOW_COMMANDS]`), and the DOM
 * event on `window` that says one was added. Kept, not only dispatched: a link the system hands the
 * app as it starts arrives once the page has loaded, which may be before the window listens.
 */
export const WINDOW_COMMANDS = 'casebookCommands'
export const WINDOW_COMMAND_EVENT = 'casebook:command'

/**
 * The script the main process runs in the page (webContents.executeJavaScript, with a user gesture)
 * to give it a command. Not an IPC message: a file picker opens only during a user gesture, and a
 * message from the main process is none, so File → Import could not open one. The command is written
 * as JSON, which is a JavaScript literal: a link from outside cannot become code.
 */
export function windowCommandScript(command: WindowCommand): string {
  return `(window.${WINDOW_COMMANDS} ||= []).push(${JSON.stringify(command)}); window.dispatchEvent(new Event(${JSON.stringify(WINDOW_COMMAND_EVENT)}))`
}

/** The command a value the page was given holds, or null for anything else; an invite link comes back in Casebook's own form. */
export function readWindowCommand(detail: unknown): WindowCommand | null {
  if (typeof detail !== 'object' || detail === null) return null
  const { type, command, link } = detail as Record<string, unknown>
  if (type === 'app-command') return (APP_COMMANDS as readonly unknown[]).includes(command) ? { type, command: command as AppCommand } : null
  if (type !== 'invite-link' || typeof link !== 'string') return null
  const parts = readInviteLink(link)
  return parts ? { type, link: inviteLink(parts.relayUrl, parts.token) } : null
}
