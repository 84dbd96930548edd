import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Library } from '../../../src/main/library/library.js'
import { SearchIndex } from '../../../src/main/services/searchIndex.js'
import { SEARCH_INDEX_FILE } from '../../../src/main/services/searchIndexFile.js'
import { Services } from '../../../src/main/services/services.js'
import { deferred } from '../../../src/shared/deferred.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { inProcessApi } from '../../helpers/api.js'
import { eventually } from '../../helpers/eventually.js'
import { libraryWithStaleIndex } from '../../helpers/staleIndexLibrary.js'
import { useTempDir } from '../../helpers/tempDir.js'

const caseStudy = (title: string, text: string) =>
  newDocumentContent({ kind: 'case-study', title }, { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })

describe('the app launched on a library whose index.json is out of date', () => {
  const temp = useTempDir()
  const stops: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop()
  })

  it('lists, and searches, the documents as their folders hold them once the library is checked', async () => {
    const { edited, trashed, created } = await libraryWithStaleIndex(temp.path)

    const services = await Services.start(temp.path)
    const api = inProcessApi(services)
    stops.push(async () => {
      await api.close()
      await services.stop()
    })
    const titles = async () => (await api.request('library.list', {})).map((row) => row.meta.title).sort()
    await eventually(async () => (await titles()).join() === 'Dakar minibuses,Lagos bus rapid transit,Pune cycle lanes', 'the list is the folders’')
    expect((await api.request('library.list', { place: 'trash' })).map((row) => row.id)).toEqual([trashed])
    const found = async (query: string) => (await api.request('library.search', { query })).hits.map((hit) => hit.id)
    await eventually(async () => (await found('transit')).join() === edited, 'the edited title is found')
    expect(await found('gondolas')).toEqual([])
    expect(await found('minibuses')).toEqual([created])
  })

  it('compares the search index with the library only once the library is checked', async () => {
    const indexFile = join(temp.path, 'library', SEARCH_INDEX_FILE)
    const library = await Library.open(temp.path)
    const id = await library.create(caseStudy('Lagos BRT', 'Dedicated lanes'))
    const first = new SearchIndex(indexFile).attach(library)
    await first.built()
    expect((await first.search('lanes')).hits.map((hit) => hit.id)).toEqual([id])
    await first.close()
    // The library as a launch without index.json sees it until its check is done: empty.
    const checked = deferred()
    let checking = true
    let reads = 0
    const launching = Object.create(library, {
      list: { value: () => (checking ? [] : library.list()) },
      isListed: { value: (listed: string) => !checking && library.isListed(listed) },
      whenChecked: { value: () => checked.promise },
      open: {
        value: (opened: string) => {
          reads += 1
          return library.open(opened)
        },
      },
    }) as Library
    const index = new SearchIndex(indexFile, { readDelayMs: 10 }).attach(launching)
    stops.push(async () => {
      await index.close()
      await library.close()
    })
    await new Promise((resolve) => setTimeout(resolve, 300))
    checking = false
    checked.resolve()
    expect((await index.search('lanes')).hits.map((hit) => hit.id)).toEqual([id])
    expect(reads).toBe(0)
  })
})
