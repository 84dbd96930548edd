import { mkdir, readFile, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { isBlobHash } from '../../shared/model/blobHash.js'
import { writeFileAtomic } from '../atomicFile.js'
import { CoalescedTask } from '../coalescedTask.js'
import { PRIVATE_DIR } from '../privateDataDir.js'

/** Where a network's record of the images its relay holds is, in the data directory. */
export function blobsOnRelayPath(dataDir: string, network: string): string {
  return join(dataDir, 'sync', `${network}.blobs.json`)
}

/**
 * The images one network's relay is known to hold (`sync/<network>.blobs.json`, `{ onRelay }`), so that
 * a restart asks the relay only about images it has not confirmed yet. A hash is added once the relay
 * has answered that it holds it, or sent it. A write that fails removes the file: a missing record
 * only costs a question to the relay per image.
 */
export class BlobsOnRelay {
  private readonly writes = new CoalescedTask(() => this.write())

  private constructor(
    private readonly path: string,
    private readonly held: Set<string>,
  ) {}

  static async open(path: string): Promise<BlobsOnRelay> {
    let held: string[] = []
    try {
      const { onRelay } = JSON.parse(await readFile(path, 'utf8')) as { onRelay?: unknown }
      if (Array.isArray(onRelay)) held = onRelay.filter((hash): hash is string => typeof hash === 'string' && isBlobHash(hash))
    } catch {
      // None yet, or unreadable: the relay is asked again.
    }
    return new BlobsOnRelay(path, new Set(held))
  }

  has(hash: string): boolean {
    return this.held.has(hash)
  }

  add(hash: string): void {
    if (this.held.has(hash)) return
    this.held.add(hash)
    void this.writes.run()
  }

  /** Waits for the writes asked for so far. */
  close(): Promise<void> {
    return this.writes.settled()
  }

  private async write(): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: PRIVATE_DIR })
      await writeFileAtomic(this.path, JSON.stringify({ onRelay: [...this.held] }))
    } catch {
      await rm(this.path, { force: true }).catch(() => {})
    }
  }
}
