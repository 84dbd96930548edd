import { useEffect, useRef } from 'react'
import { readWindowCommand, WINDOW_COMMAND_EVENT, type WindowCommand } from '../../shared/ipc/windowCommand.js'

/**
 * Does what the desktop app's main process asks of the window (its menu, an invite link the system
 * handed it: src/shared/ipc/windowCommand.ts). The handler is called while the event is dispatched, so
 * a file picker it opens is opened in the menu's user gesture.
 */
export function useWindowCommands(handle: (command: WindowCommand) => void): void {
  const latest = useRef(handle)
  latest.current = handle
  useEffect(() => {
    const listener = (event: Event) => {
      const command = readWindowCommand((event as CustomEvent<unknown>).detail)
      if (command) latest.current(command)
    }
    window.addEventListener(WINDOW_COMMAND_EVENT, listener)
    return () => window.removeEventListener(WINDOW_COMMAND_EVENT, listener)
  }, [])
}
