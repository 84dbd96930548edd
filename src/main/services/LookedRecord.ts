import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as z from 'zod'
import { writeFileAtomic } from '../atomicFile.js'
import { CoalescedTask } from '../coalescedTask.js'

/** What `<data dir>/looked.json` holds. */
const lookedFile = z.object({
  /** When this device began to keep the record: a document never opened here counts as changed only if it changed after. */
  since: z.string(),
  /** Each document opened here, with its `updatedAt` as the user left it. */
  documents: z.record(z.string(), z.string()),
  /** When the user last looked at each network's dashboard (networkStats.ts), for what is new there. */
  networks: z.record(z.string(), z.string()).default({}),
})

/**
 * What this device's user last saw of each document, for the library's "changed since you last
 * looked" marker: a document is changed when its `updatedAt` (which an edit moves at most a minute
 * late, documentSession.ts) is later than when the user last had it open. Kept per device, as the
 * file says; a file that cannot be read starts the record again, from now.
 */
export class LookedRecord {
  private readonly writes = new CoalescedTask(() => writeFileAtomic(this.path, JSON.stringify(this.file)))

  private constructor(
    private readonly path: string,
    private readonly file: z.infer<typeof lookedFile>,
  ) {}

  static async open(dataDir: string): Promise<LookedRecord> {
    const path = join(dataDir, 'looked.json')
    // Missing or damaged: begun again, every document unmarked.
    const read = lookedFile.safeParse(
      await readFile(path, 'utf8')
        .then(JSON.parse)
        .catch(() => null),
    )
    const record = new LookedRecord(path, read.success ? read.data : { since: new Date().toISOString(), documents: {}, networks: {} })
    if (!read.success) record.save()
    return record
  }

  /** Whether the document changed since the user last had it open here (or, never opened, since the record began). */
  changed(id: string, updatedAt: string): boolean {
    return updatedAt > (this.file.documents[id] ?? this.file.since)
  }

  /** The user has the document open, as it is at `updatedAt`. */
  looked(id: string, updatedAt: string): void {
    if (this.file.documents[id] === updatedAt) return
    this.file.documents[id] = updatedAt
    this.save()
  }

  /** When the user last looked at the network's figures, or null if never on this device. */
  statsLooked(network: string): string | null {
    return this.file.networks[network] ?? null
  }

  lookedAtStats(network: string, at: string): void {
    this.file.networks[network] = at
    this.save()
  }

  settled(): Promise<void> {
    return this.writes.settled()
  }

  private save(): void {
    // Losing a write only shows a marker again.
    this.writes.run().catch(() => {})
  }
}
