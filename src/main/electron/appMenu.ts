import type { MenuItemConstructorOptions } from 'electron'
import type { AppCommand } from '../../shared/ipc/windowCommand.js'

/** What the menu's own items do: ask the window (an `app-command` window command), or open something outside the app. */
export interface AppMenuActions {
  command(command: AppCommand): void
  openExternal(url: string): void
  openPath(path: string): void
}

export interface AppMenuOptions {
  platform: NodeJS.Platform
  /** A packaged app has no reload and no developer tools. */
  packaged: boolean
  /** The documentation's address, the problem report's mailto: address, and the log's folder. */
  links: { documentation: string; problemReport: string; logsFolder: string }
  actions: AppMenuActions
}

const SEPARATOR: MenuItemConstructorOptions = { type: 'separator' }

/**
 * The desktop app's menu, as Menu.buildFromTemplate takes it: Electron's roles where it has them, the
 * app's commands sent to the window. Labels are in English: the menu is built before the window's
 * language is known, and the roles' labels are Electron's, in English, anyway. A key the page handles
 * itself (src/renderer/app/shortcuts.ts) is shown but not registered, so that it is not handled twice.
 * On macOS, About is in the app's menu and Close closes the window (the app stays); elsewhere About is
 * in Help and File ends with Quit.
 */
export function appMenu({ platform, packaged, links, actions }: AppMenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const command = (label: string, name: AppCommand, more: MenuItemConstructorOptions = {}): MenuItemConstructorOptions => ({
    label,
    click: () => actions.command(name),
    ...more,
  })
  const about = command('About Casebook', 'about')
  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: 'Casebook',
          submenu: [
            about,
            SEPARATOR,
            { role: 'services' },
            SEPARATOR,
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            SEPARATOR,
            { role: 'quit' },
          ],
        },
      ]
    : []
  return [
    ...appMenu,
    {
      label: 'File',
      submenu: [
        // macOS registers a menu item's accelerator whatever registerAccelerator says: shown there, Alt+N would be handled twice.
        command('New Document', 'new-document', mac ? {} : { accelerator: 'Alt+N', registerAccelerator: false }),
        command('Import…', 'import'),
        command('Export…', 'export'),
        SEPARATOR,
        command('Close Document', 'close-document'),
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, SEPARATOR, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: 'View',
      submenu: [
        ...(packaged ? [] : ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, SEPARATOR] satisfies MenuItemConstructorOptions[])),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        SEPARATOR,
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: 'Window',
      role: 'window',
      submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, SEPARATOR, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
    },
    {
      label: 'Help',
      role: 'help',
      submenu: [
        { label: 'Documentation', click: () => actions.openExternal(links.documentation) },
        { label: 'Report a Problem…', click: () => actions.openExternal(links.problemReport) },
        SEPARATOR,
        ...(mac ? [] : [about]),
        command('Third-Party Notices', 'notices'),
        { label: 'Open Logs Folder', click: () => actions.openPath(links.logsFolder) },
      ],
    },
  ]
}
