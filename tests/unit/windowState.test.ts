import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_WINDOW_STATE, WINDOW_STATE_FILE, WindowStateFile, fitWindowState } from '../../src/main/windowState.js'
import { useTempDir } from '../helpers/tempDir.js'

const PRIMARY = { x: 0, y: 0, width: 1920, height: 1040 }
/** A second monitor to the left of the primary one. */
const LEFT = { x: -1600, y: 100, width: 1600, height: 860 }

describe('the desktop window’s remembered state', () => {
  const temp = useTempDir()

  it('is the default size, centred, when nothing was saved', async () => {
    const file = await WindowStateFile.open(temp.path)
    expect(file.state).toEqual(DEFAULT_WINDOW_STATE)
    expect(file.state).not.toHaveProperty('x')
  })

  it('is what was saved last, read again at the next launch, in a file for the user alone', async () => {
    const file = await WindowStateFile.open(temp.path)
    const saves = [
      file.save({ x: 10, y: 20, width: 1000, height: 700, maximized: false }),
      file.save({ x: 30, y: 40, width: 1100, height: 750, maximized: false }),
      file.save({ x: 50, y: 60, width: 1200, height: 800, maximized: true }),
    ]
    await Promise.all(saves)
    await file.close()
    const path = join(temp.path, WINDOW_STATE_FILE)
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ x: 50, y: 60, width: 1200, height: 800, maximized: true })
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600)
    expect(await readdir(temp.path)).toEqual([WINDOW_STATE_FILE])
    expect((await WindowStateFile.open(temp.path)).state).toEqual({ x: 50, y: 60, width: 1200, height: 800, maximized: true })
  })

  it('is not written once closed, as the app quits', async () => {
    const file = await WindowStateFile.open(temp.path)
    await file.save({ x: 10, y: 20, width: 1000, height: 700, maximized: false })
    await file.close()
    await file.save({ x: 30, y: 40, width: 1100, height: 750, maximized: true })
    expect(JSON.parse(await readFile(join(temp.path, WINDOW_STATE_FILE), 'utf8'))).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: false })
  })

  it('falls back to the default from a file that is not JSON, not a window’s state, or not a file', async () => {
    const path = join(temp.path, WINDOW_STATE_FILE)
    for (const text of [
      '{"x": 10, "y": 20, "width": 1000',
      '',
      'null',
      '[]',
      '{"x": 10, "y": 20, "width": -5, "height": 700, "maximized": false}',
      '{"x": "10", "y": 20, "width": 1000, "height": 700, "maximized": false}',
      '{"x": 10, "y": 20, "width": 1000, "height": 700}',
      '{"x": 10, "y": 20, "width": 1e308, "height": 700, "maximized": false}',
    ]) {
      await writeFile(path, text)
      expect((await WindowStateFile.open(temp.path)).state, text).toEqual(DEFAULT_WINDOW_STATE)
    }
    const inFolder = join(temp.path, 'folder')
    await mkdir(join(inFolder, WINDOW_STATE_FILE), { recursive: true })
    expect((await WindowStateFile.open(inFolder)).state).toEqual(DEFAULT_WINDOW_STATE)
  })
})

describe('the remembered state fitted to the displays', () => {
  it('is unchanged where it fits, on the primary display or another', () => {
    const onPrimary = { x: 100, y: 50, width: 1280, height: 800, maximized: true }
    expect(fitWindowState(onPrimary, [PRIMARY, LEFT])).toEqual(onPrimary)
    const onLeft = { x: -1500, y: 150, width: 1200, height: 700, maximized: false }
    expect(fitWindowState(onLeft, [PRIMARY, LEFT])).toEqual(onLeft)
  })

  it('comes back centred on the primary display from a monitor that is gone, at a size it holds', () => {
    expect(fitWindowState({ x: -1500, y: 150, width: 1500, height: 860, maximized: true }, [{ x: 0, y: 0, width: 1366, height: 728 }])).toEqual({
      width: 1366,
      height: 728,
      maximized: true,
    })
  })

  it('is moved wholly onto the display it overlaps most, and shrunk to it', () => {
    // Mostly on the left monitor, hanging over its top and onto the primary one.
    expect(fitWindowState({ x: -1000, y: 0, width: 1200, height: 700, maximized: false }, [PRIMARY, LEFT])).toEqual({
      x: -1200,
      y: 100,
      width: 1200,
      height: 700,
      maximized: false,
    })
    // Larger than the primary display, and past its bottom right corner.
    expect(fitWindowState({ x: 500, y: 400, width: 2560, height: 1400, maximized: false }, [PRIMARY, LEFT])).toEqual({
      x: 0,
      y: 0,
      width: 1920,
      height: 1040,
      maximized: false,
    })
  })

  it('keeps the default centred, at a size the primary display holds', () => {
    expect(fitWindowState(DEFAULT_WINDOW_STATE, [PRIMARY, LEFT])).toEqual(DEFAULT_WINDOW_STATE)
    expect(fitWindowState(DEFAULT_WINDOW_STATE, [{ x: 0, y: 25, width: 1024, height: 743 }])).toEqual({ width: 1024, height: 743, maximized: false })
  })
})
