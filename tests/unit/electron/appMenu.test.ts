import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { appMenu } from '../../../src/main/electron/appMenu.js'
import { shortcutFor } from '../../../src/renderer/app/shortcuts.js'
import { APP_COMMANDS, type AppCommand } from '../../../src/shared/ipc/windowCommand.js'

const LINKS = { documentation: 'https://casebook.c40.org', problemReport: 'mailto:casebook@c40.org?subject=x', logsFolder: '/home/ana/.config/Casebook/logs' }

/** The menu for a platform, with what its items did recorded. */
function menu(platform: NodeJS.Platform, packaged = true) {
  const done: string[] = []
  const template = appMenu({
    platform,
    packaged,
    links: LINKS,
    actions: {
      command: (command) => done.push(`command ${command}`),
      openExternal: (url) => done.push(`open ${url}`),
      openPath: (path) => done.push(`open path ${path}`),
    },
  })
  const submenu = (label: string) => {
    const item = template.find((top) => top.label === label)
    if (!item) throw new Error(`no menu ${label}`)
    return item.submenu as MenuItemConstructorOptions[]
  }
  const click = (item: MenuItemConstructorOptions) => (item.click as () => void)()
  return { template, done, submenu, click }
}

const roles = (items: MenuItemConstructorOptions[]) => items.filter((item) => item.type !== 'separator').map((item) => item.role ?? item.label)
const everyItem = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  items.flatMap((item) => [item, ...everyItem((item.submenu as MenuItemConstructorOptions[] | undefined) ?? [])])

describe('the desktop app’s menu', () => {
  for (const platform of ['win32', 'linux'] as const) {
    it(`on ${platform}: File ends with Quit, About is in Help, Window closes`, () => {
      const { template, submenu } = menu(platform)
      expect(template.map((top) => top.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help'])
      expect(roles(submenu('File'))).toEqual(['New Document', 'Import…', 'Export…', 'Close Document', 'quit'])
      expect(roles(submenu('Window'))).toEqual(['minimize', 'close'])
      expect(roles(submenu('Help'))).toEqual(['Documentation', 'Report a Problem…', 'About Casebook', 'Third-Party Notices', 'Open Logs Folder'])
    })
  }

  it('on macOS: the app’s menu has About, Hide and Quit; File closes the window, which leaves the app open', () => {
    const { template, submenu } = menu('darwin')
    expect(template.map((top) => top.label)).toEqual(['Casebook', 'File', 'Edit', 'View', 'Window', 'Help'])
    expect(roles(submenu('Casebook'))).toEqual(['About Casebook', 'services', 'hide', 'hideOthers', 'unhide', 'quit'])
    expect(roles(submenu('File'))).toEqual(['New Document', 'Import…', 'Export…', 'Close Document', 'close'])
    expect(roles(submenu('Window'))).toEqual(['minimize', 'zoom', 'front'])
    expect(roles(submenu('Help'))).toEqual(['Documentation', 'Report a Problem…', 'Third-Party Notices', 'Open Logs Folder'])
    expect(template.find((top) => top.label === 'Window')?.role).toBe('window')
    expect(template.find((top) => top.label === 'Help')?.role).toBe('help')
  })

  it('edits with Electron’s roles', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const)
      expect(roles(menu(platform).submenu('Edit'))).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll'])
  })

  it('reloads and opens the developer tools only when not packaged', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      expect(roles(menu(platform, false).submenu('View'))).toEqual([
        'reload',
        'forceReload',
        'toggleDevTools',
        'resetZoom',
        'zoomIn',
        'zoomOut',
        'togglefullscreen',
      ])
      const packaged = everyItem(menu(platform, true).template).map((item) => item.role)
      expect(packaged).not.toContain('reload')
      expect(packaged).not.toContain('forceReload')
      expect(packaged).not.toContain('toggleDevTools')
      expect(roles(menu(platform, true).submenu('View'))).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen'])
    }
  })

  it('sends the window each of its commands, from one item each', () => {
    const expected: Record<string, AppCommand> = {
      'New Document': 'new-document',
      'Import…': 'import',
      'Export…': 'export',
      'Close Document': 'close-document',
      'About Casebook': 'about',
      'Third-Party Notices': 'notices',
    }
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const { template, done, click } = menu(platform)
      const sent: string[] = []
      for (const item of everyItem(template)) {
        if (!item.click || !item.label) continue
        done.length = 0
        click(item)
        if (done[0]?.startsWith('command ')) {
          expect(done, item.label).toEqual([`command ${expected[item.label]}`])
          sent.push(done[0].slice('command '.length))
        }
      }
      expect(sent.toSorted()).toEqual([...APP_COMMANDS].sort())
    }
  })

  it('opens the documentation, a problem report and the logs folder', () => {
    const { done, submenu, click } = menu('linux')
    for (const item of submenu('Help').filter((item) => ['Documentation', 'Report a Problem…', 'Open Logs Folder'].includes(item.label ?? ''))) click(item)
    expect(done).toEqual([`open ${LINKS.documentation}`, `open ${LINKS.problemReport}`, `open path ${LINKS.logsFolder}`])
  })

  it('shows Alt+N for a new document, which the page handles itself, without registering it (and not at all on macOS)', () => {
    const { template, submenu } = menu('win32')
    const newDocument = submenu('File')[0]
    expect(newDocument).toMatchObject({ label: 'New Document', accelerator: 'Alt+N', registerAccelerator: false })
    expect(shortcutFor({ key: 'n', code: 'KeyN', altKey: true, ctrlKey: false, metaKey: false, shiftKey: false })).toEqual({ action: 'new' })
    // No other item claims a key the page handles.
    const accelerators = everyItem(template).filter((item) => item.accelerator)
    expect(accelerators).toEqual([newDocument])
    // macOS registers an item's accelerator regardless: there it is not shown, and the page alone handles it.
    expect(everyItem(menu('darwin').template).filter((item) => item.accelerator)).toEqual([])
  })
})
