import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as z from 'zod'
import { writeFileAtomic } from './atomicFile.js'
import { CoalescedTask } from './coalescedTask.js'

/** A rectangle on the screen, as Electron gives a window's bounds and a display's work area. */
export interface Bounds {
  x: number
  y: number
  width: number
  height: number
}

/** The desktop window's size, its place (none: the OS centres it) and whether it was maximised. */
export interface WindowState {
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
}

export const WINDOW_STATE_FILE = 'window-state.json'
export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false }

const PLACE = z.number().finite().min(-1_000_000).max(1_000_000)
const SIZE = z.number().finite().positive().max(1_000_000)
const stateFile = z.object({ x: PLACE, y: PLACE, width: SIZE, height: SIZE, maximized: z.boolean() })

/**
 * The desktop window's state as it was last left, kept in `<data dir>/window-state.json` so that the
 * window opens again where it was. A file that is missing or cannot be read or understood gives the
 * default size, centred: nothing depends on it.
 */
export class WindowStateFile {
  private closed = false
  private readonly writes = new CoalescedTask(() => writeFileAtomic(this.path, JSON.stringify(this.latest)))

  private constructor(
    private readonly path: string,
    private latest: WindowState,
  ) {}

  static async open(dataDir: string): Promise<WindowStateFile> {
    const path = join(dataDir, WINDOW_STATE_FILE)
    const text = await readFile(path, 'utf8').catch(() => '')
    let read: unknown = null
    try {
      read = JSON.parse(text)
    } catch {}
    const parsed = stateFile.safeParse(read)
    return new WindowStateFile(path, parsed.success ? parsed.data : DEFAULT_WINDOW_STATE)
  }

  /** The state last saved, or read when the file was opened. */
  get state(): WindowState {
    return this.latest
  }

  /** Writes the state (a burst of saves, as a window is dragged, writes the latest only); not once closed. */
  save(state: WindowState): Promise<void> {
    if (this.closed) return this.writes.settled()
    this.latest = state
    return this.writes.run()
  }

  /** Waits for the writes under way; later saves are not written, as the app is quitting. */
  close(): Promise<void> {
    this.closed = true
    return this.writes.settled()
  }
}

/**
 * The state fitted to the displays there are now (`workAreas`, the primary display's first): on the
 * display it overlaps most, moved and shrunk as needed to be wholly on it; and on none, as when it was
 * left on a monitor since unplugged, without a place, at a size the primary display holds, so that the
 * OS centres it there.
 */
export function fitWindowState(state: WindowState, workAreas: readonly Bounds[]): WindowState {
  const primary = workAreas[0]
  if (!primary) return state
  const { x, y, maximized } = state
  const placed = x !== undefined && y !== undefined ? { x, y, width: state.width, height: state.height } : null
  const display = placed ? mostOverlapped(placed, workAreas) : null
  const area = display ?? primary
  const width = Math.min(Math.round(state.width), area.width)
  const height = Math.min(Math.round(state.height), area.height)
  if (!placed || !display) return { width, height, maximized }
  return {
    x: clamp(Math.round(placed.x), display.x, display.x + display.width - width),
    y: clamp(Math.round(placed.y), display.y, display.y + display.height - height),
    width,
    height,
    maximized,
  }
}

function mostOverlapped(bounds: Bounds, areas: readonly Bounds[]): Bounds | null {
  let best: Bounds | null = null
  let bestOverlap = 0
  for (const area of areas) {
    const overlap = overlapOf(bounds.x, bounds.width, area.x, area.width) * overlapOf(bounds.y, bounds.height, area.y, area.height)
    if (overlap > bestOverlap) {
      best = area
      bestOverlap = overlap
    }
  }
  return best
}

function overlapOf(start: number, length: number, areaStart: number, areaLength: number): number {
  return Math.max(0, Math.min(start + length, areaStart + areaLength) - Math.max(start, areaStart))
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, max))
}
