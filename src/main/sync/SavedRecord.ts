import { mkdir, readFile, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { writeFileAtomic } from '../atomicFile.js'
import { CoalescedTask } from '../coalescedTask.js'
import { PRIVATE_DIR } from '../privateDataDir.js'

/** What sync/<network>.saved.json holds. */
export interface SavedFile {
  /** When this device was last connected to the network's relay (ISO), or null if never. */
  seenAt: string | null
  /** The documents the relay held as they were on this device, with no change of theirs left to send. */
  saved: string[]
}

/** As of when this device knew a network's documents, and whether one is saved there as it is here. */
export interface Standing {
  asOf: string | null
  isSaved(id: string): boolean
}

/** How long additions wait to be written: while someone types, each keystroke saved need not be. */
const ADDED_WRITE_DELAY_MS = 2000

/** Where a network's record is, in the data directory. */
export function savedRecordPath(dataDir: string, network: string): string {
  return join(dataDir, 'sync', `${network}.saved.json`)
}

/**
 * What one network's relay is known to hold of this device's documents, kept on disk so that a
 * report (`casebook report` among them) can say which documents are not yet saved on the network,
 * and as of when. A document is added once the relay has stored everything this device had of it,
 * and dropped at its next change on this device. The file errs on the safe side: a drop is written
 * at once, an addition up to two seconds later, so after a crash a document may be called unsaved
 * that was saved, never the other way round.
 */
export class SavedRecord {
  private readonly writes = new CoalescedTask(() => this.write())
  /** What the file holds, as last written. */
  private written: Set<string>
  private timer: NodeJS.Timeout | null = null

  private constructor(
    private readonly path: string,
    private seen: string | null,
    private readonly saved: Set<string>,
  ) {
    this.written = new Set(saved)
  }

  static async open(path: string): Promise<SavedRecord> {
    const { seenAt, saved } = await readSavedFile(path)
    return new SavedRecord(path, seenAt, new Set(saved))
  }

  get seenAt(): string | null {
    return this.seen
  }

  isSaved(id: string): boolean {
    return this.saved.has(id)
  }

  markSaved(id: string): void {
    if (this.saved.has(id)) return
    this.saved.add(id)
    if (!this.written.has(id)) this.timer ??= setTimeout(() => this.writeNow(), ADDED_WRITE_DELAY_MS)
  }

  markChanged(id: string): void {
    if (!this.saved.delete(id)) return
    if (this.written.has(id)) this.writeNow()
  }

  /** This device was connected to the network at `at`. */
  markSeen(at: string): void {
    this.seen = at
    this.writeNow()
  }

  /** Writes what is pending, and waits for it, and for any write it queued in turn. */
  async close(): Promise<void> {
    if (this.timer) this.writeNow()
    let last = this.writes.settled()
    for (;;) {
      await last
      const now = this.writes.settled()
      if (now === last) return
      last = now
    }
  }

  private writeNow(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    void this.writes.run()
  }

  private async write(): Promise<void> {
    const saved = new Set(this.saved)
    const file: SavedFile = { seenAt: this.seen, saved: [...saved] }
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: PRIVATE_DIR })
      await writeFileAtomic(this.path, JSON.stringify(file))
      this.written = saved
      // A document changed while the file was written is in it: written again without it.
      if ([...saved].some((id) => !this.saved.has(id))) this.writeNow()
    } catch {
      // The old file may name a document changed since: no record is safer than a wrong one. A
      // missing record only makes documents look unsaved, which is not worth reporting.
      await rm(this.path, { force: true }).catch(() => {})
      this.written = new Set()
    }
  }
}

/** The record as the file has it; empty where there is none, or it cannot be read. */
export async function readSavedFile(path: string): Promise<SavedFile> {
  try {
    const { seenAt, saved } = JSON.parse(await readFile(path, 'utf8')) as Partial<SavedFile>
    return {
      seenAt: typeof seenAt === 'string' && !Number.isNaN(Date.parse(seenAt)) ? seenAt : null,
      saved: Array.isArray(saved) ? saved.filter((id): id is string => typeof id === 'string') : [],
    }
  } catch {
    return { seenAt: null, saved: [] }
  }
}

/** A network's standing as its record on disk has it: as of this device's last connection to it. */
export async function recordedStanding(dataDir: string, network: string): Promise<Standing> {
  const { seenAt, saved } = await readSavedFile(savedRecordPath(dataDir, network))
  const ids = new Set(saved)
  return { asOf: seenAt, isSaved: (id) => ids.has(id) }
}
