// Packages the desktop app for Linux with electron-builder and electron-builder.yml, as `npm run package`
// does, into OUTPUT with the Electron distribution ELECTRON_DIST, through the deb target up to the
// moment it would run fpm: fpm, like the AppImage tools, is downloaded from GitHub, which cannot be
// reached here. By then the deb target has made the app's folder (OUTPUT/linux-unpacked, as --dir
// does) and written its .desktop entry, which is copied to OUTPUT/deb/casebook.desktop, with fpm's
// arguments (what goes where in the .deb) in OUTPUT/deb/fpm-args.json. electron-builder's own tests
// stop its targets the same way, with its `effectiveOptionComputed` option.
import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { build, Platform } from 'electron-builder'

const [electronDist, output] = process.argv.slice(2) as [string, string]
await build({
  targets: Platform.LINUX.createTarget('deb'),
  config: { electronDist, directories: { output } },
  publish: 'never',
  effectiveOptionComputed: async (computed: unknown) => {
    // The deb target's: fpm's arguments, and the .desktop file it wrote. The one call it makes.
    if (!Array.isArray(computed)) throw new Error(`Unexpected options from electron-builder: ${JSON.stringify(computed)}`)
    const [args, desktopFile] = computed as [string[], string]
    await mkdir(join(output, 'deb'))
    await copyFile(desktopFile, join(output, 'deb/casebook.desktop'))
    await writeFile(join(output, 'deb/fpm-args.json'), JSON.stringify(args))
    return true
  },
})
