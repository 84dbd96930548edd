import { execFile } from 'node:child_process'
import { constants } from 'node:fs'
import { open, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { Library } from '../../../src/main/library/library.js'
import { SearchIndex } from '../../../src/main/services/searchIndex.js'
import { readSearchIndex, SEARCH_INDEX_FILE } from '../../../src/main/services/searchIndexFile.js'
import { Services } from '../../../src/main/services/services.js'
import { deferred } from '../../../src/shared/deferred.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { inProcessApi } from '../../helpers/api.js'
import { eventually } from '../../helpers/eventually.js'
import { spawnChild, useChildren } from '../../helpers/child.js'
import { useTempDir } from '../../helpers/tempDir.js'

const run = promisify(execFile)

describe('the search index at launch', () => {
  const temp = useTempDir()
  useChildren()
  const closing: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close()
  })
  const folder = () => join(temp.path, 'library')

  /** A library of these documents (title: text), and its search index written, as a first session leaves them; their ids. */
  async function indexedLibrary(texts: Record<string, string> = { Lagos: 'Bus rapid transit in Lagos' }): Promise<string[]> {
    const library = await Library.open(temp.path)
    const ids: string[] = []
    for (const [title, text] of Object.entries(texts)) {
      const body = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] }
      ids.push(await library.create(newDocumentContent({ kind: 'case-study', title }, body)))
    }
    const index = new SearchIndex(join(folder(), SEARCH_INDEX_FILE)).attach(library)
    await index.built()
    await index.close()
    await library.close()
    return ids
  }

  it('is read from its file while the library is still opening, and answers from it', async () => {
    const [id] = await indexedLibrary()
    const contents = new Map<string, Buffer>()
    // Named pipes in place of two files: a read of either waits until the test writes it. The library
    // cannot finish opening before its format.json is written, and the test writes the search index
    // first: that write ends only once the search index has started reading, before the library is open.
    for (const name of [SEARCH_INDEX_FILE, 'format.json']) {
      contents.set(name, await readFile(join(folder(), name)))
      await rm(join(folder(), name))
      await run('mkfifo', ['-m', '600', join(folder(), name)])
    }
    const starting = Services.start(temp.path)
    await writeFile(join(folder(), SEARCH_INDEX_FILE), contents.get(SEARCH_INDEX_FILE)!)
    await writeFile(join(folder(), 'format.json'), contents.get('format.json')!)
    const services = await starting
    closing.push(() => services.stop())
    const api = inProcessApi(services)
    closing.push(() => api.close())
    const { hits, progress } = await api.request('library.search', { query: 'transit' })
    expect(hits.map((hit) => [hit.id, hit.meta.title, hit.passage?.text])).toEqual([[id, 'Lagos', 'Bus rapid transit in Lagos']])
    expect(progress).toEqual({ indexed: 1, total: 1 })
  })

  it('answers from its file before the library is checked against its folders, and drops what the check found gone only after it', async () => {
    const [lagos, quito] = await indexedLibrary({ Lagos: 'Bus rapid transit in Lagos', Quito: 'Cable cars in Quito' })
    // Gone while Casebook was closed, as a crash in the middle of a move can leave it: index.json still lists it.
    await rm(join(folder(), 'documents', quito!), { recursive: true })

    const relaunched = await Library.open(temp.path, { checkInBackground: true })
    closing.push(() => relaunched.close())
    // The check, as the search index sees it, as long as the test holds it (thousands of documents take a while).
    const check = deferred()
    relaunched.whenChecked = () => check.promise
    const index = new SearchIndex(join(folder(), SEARCH_INDEX_FILE)).attach(relaunched)
    let built = false
    void index.built().then(() => (built = true))
    expect((await index.search('transit')).hits.map((hit) => hit.id)).toEqual([lagos])
    await sleep(50)
    expect(built).toBe(false)
    check.resolve()
    await index.built()
    await index.close()
    expect([...(await readSearchIndex(join(folder(), SEARCH_INDEX_FILE)))!.documents.keys()]).toEqual([lagos])
  })

  it('stops its worker, and writes nothing, when the library cannot be opened', async () => {
    // Held by this process: the child cannot open it.
    const library = await Library.open(temp.path)
    closing.push(() => library.close())
    const child = spawnChild('startServices.ts', [temp.path])
    // A search worker left running would keep the child from ending.
    expect(await child.exited).toEqual({ code: 0, signal: null })
    expect(child.lines).toEqual(['LIBRARY_LOCKED'])
    await expect(stat(join(folder(), SEARCH_INDEX_FILE))).rejects.toThrow('ENOENT')
  })

  it('is closed, saying why, once its worker has not answered the last write within the close timeout', async () => {
    const library = await Library.open(temp.path)
    closing.push(() => library.close())
    // A named pipe in place of the file: the worker waits to read it, and so answers nothing.
    const path = join(folder(), SEARCH_INDEX_FILE)
    await run('mkfifo', ['-m', '600', path])
    const warnings: string[] = []
    const index = new SearchIndex(path, { closeTimeoutMs: 300, onWarning: (message, error) => warnings.push(`${message} ${(error as Error).message}`) })
    index.attach(library)
    const closed = index.close()
    await eventually(() => warnings.length > 0, 'the close gave up waiting for the worker')
    expect(warnings).toEqual(['The search index could not be written. Its worker did not answer within 0.3 s, and was stopped.'])
    // A worker is stopped once its reads in progress end: the pipe opened for writing and closed
    // again ends the one it waits in. (One that loops in its own code is stopped at once.) On a busy
    // machine the worker may not be reading the pipe yet (opening it then fails with ENXIO): tried
    // again until it is, or the worker has stopped without.
    let stopped = false
    const stopping = closed.then(() => {
      stopped = true
    })
    while (!stopped) {
      const writer = await open(path, constants.O_WRONLY | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENXIO') throw error
        return null
      })
      if (writer) {
        await writer.close()
        break
      }
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    await stopping
  })
})
