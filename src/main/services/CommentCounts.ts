import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as z from 'zod'
import { foldThreads, openCount, readEvents } from '../../shared/model/commentThreads.js'
import { writeFileAtomic } from '../atomicFile.js'
import { CoalescedTask } from '../coalescedTask.js'
import type { Library } from '../library/library.js'

const countsFile = z.object({ documents: z.record(z.string(), z.number().int().min(0)) })

/**
 * How many open comment threads each document has, for the library's list, kept in
 * `<data dir>/comment-counts.json` so that listing 5,000 documents reads no comments. Counted again
 * whenever a document's comments change; a file that cannot be read (or none, as when this record
 * began) is counted afresh from every document's comments, in the background.
 */
export class CommentCounts {
  private readonly writes = new CoalescedTask(() => writeFileAtomic(this.path, JSON.stringify(this.file)))

  private constructor(
    private readonly path: string,
    private readonly file: z.infer<typeof countsFile>,
  ) {}

  /** Opens the record; `recounted` is told of each document whose count a recount of all changed. */
  static async open(dataDir: string, library: Library, recounted: (id: string) => void): Promise<CommentCounts> {
    const path = join(dataDir, 'comment-counts.json')
    // Missing or damaged (a crash mid-write): counted again from the comments rooms.
    const read = countsFile.safeParse(
      await readFile(path, 'utf8')
        .then(JSON.parse)
        .catch(() => null),
    )
    const counts = new CommentCounts(path, read.success ? read.data : { documents: {} })
    if (!read.success) void counts.recountAll(library, recounted)
    return counts
  }

  open(id: string): number {
    return this.file.documents[id] ?? 0
  }

  /** Counts the document's open threads again; says whether the count changed. */
  async recount(library: Library, id: string): Promise<boolean> {
    const comments = await library.comments(id)
    let count: number
    try {
      count = openCount(foldThreads(readEvents(comments.doc)))
    } finally {
      comments.doc.destroy()
    }
    if (this.open(id) === count) return false
    if (count === 0) delete this.file.documents[id]
    else this.file.documents[id] = count
    // Losing a write only counts again at the next change.
    this.writes.run().catch(() => {})
    return true
  }

  settled(): Promise<void> {
    return this.writes.settled()
  }

  private async recountAll(library: Library, recounted: (id: string) => void): Promise<void> {
    await library.whenChecked().catch(() => {})
    for (const { id } of library.list()) if (await this.recount(library, id).catch(() => false)) recounted(id)
    this.writes.run().catch(() => {})
  }
}
