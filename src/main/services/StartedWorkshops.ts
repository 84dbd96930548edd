import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as z from 'zod'
import { writeFileAtomic } from '../atomicFile.js'
import { CoalescedTask } from '../coalescedTask.js'

const startedWorkshop = z.object({ network: z.string(), code: z.string(), document: z.string(), endsAt: z.number() })
export type StartedWorkshop = z.infer<typeof startedWorkshop>

/** What `<data dir>/workshops.json` holds. */
const startedFile = z.object({ workshops: z.array(startedWorkshop) })

/**
 * The workshops this device's user started and that have not ended, so that the editor can show a
 * running one's view again (its code, who joined), after a reload or a restart too. Only the relay
 * knows whether one was ended elsewhere: its status says, and the record follows. A file that cannot
 * be read starts the record again, empty.
 */
export class StartedWorkshops {
  private readonly writes = new CoalescedTask(() => writeFileAtomic(this.path, JSON.stringify(this.file)))

  private constructor(
    private readonly path: string,
    private readonly file: z.infer<typeof startedFile>,
  ) {}

  static async open(dataDir: string): Promise<StartedWorkshops> {
    const path = join(dataDir, 'workshops.json')
    const read = startedFile.safeParse(
      await readFile(path, 'utf8')
        .then((text) => JSON.parse(text) as unknown)
        .catch(() => null),
    )
    return new StartedWorkshops(path, read.success ? read.data : { workshops: [] })
  }

  /** The workshop started here on the document that runs until the latest, if one still runs. */
  running(document: string, now = Date.now()): StartedWorkshop | undefined {
    return this.file.workshops.filter((workshop) => workshop.document === document && workshop.endsAt > now).sort((a, b) => b.endsAt - a.endsAt)[0]
  }

  add(workshop: StartedWorkshop, now = Date.now()): void {
    this.file.workshops = [...this.file.workshops.filter((kept) => kept.endsAt > now && kept.code !== workshop.code), workshop]
    this.save()
  }

  /** The workshop ended (early, or at its time). */
  ended(code: string): void {
    if (!this.file.workshops.some((workshop) => workshop.code === code)) return
    this.file.workshops = this.file.workshops.filter((workshop) => workshop.code !== code)
    this.save()
  }

  settled(): Promise<void> {
    return this.writes.settled()
  }

  private save(): void {
    // Losing a write only means a running workshop's view cannot be shown again from the editor.
    this.writes.run().catch(() => {})
  }
}
