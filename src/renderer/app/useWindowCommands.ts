import { useEffect, useRef } from 'react'
import { readWindowCommand, WINDOW_COMMAND_EVENT, WINDOW_COMMANDS, type WindowCommand } from '../../shared/ipc/windowCommand.js'

/**
 * Does what the desktop app's main process asks of the window (its menu, an invite link the system
 * handed it: src/shared/ipc/windowCommand.ts): those given before the window listened, then each as it
 * comes. The handler is called while the command's event is dispatched, so a file picker it opens is
 * opened in the menu's user gesture.
 */
export function useWindowCommands(handle: (command: WindowCommand) => void): void {
  const latest = useRef(handle)
  latest.current = handle
  useEffect(() => {
    const given = window as unknown as Record<typeof WINDOW_COMMANDS, unknown[] | undefined>
    const drain = () => {
      for (const value of given[WINDOW_COMMANDS]?.splice(0) ?? []) {
        const command = readWindowCommand(value)
        if (command) latest.current(command)
      }
    }
    drain()
    window.addEventListener(WINDOW_COMMAND_EVENT, drain)
    return () => window.removeEventListener(WINDOW_COMMAND_EVENT, drain)
  }, [])
}
