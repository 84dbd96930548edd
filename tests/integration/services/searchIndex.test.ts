import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Library } from '../../../src/main/library/library.js'
import { SearchIndex } from '../../../src/main/services/searchIndex.js'
import { SEARCH_INDEX_FILE } from '../../../src/main/services/searchIndexFile.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { useTempDir } from '../../helpers/tempDir.js'

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] })

describe('search, on a library on disk, in Chinese and in alphabetic scripts', () => {
  const temp = useTempDir()
  const closing: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close()
  })

  async function searchable(documents: { title: string; text: string; language?: 'zh-CN' | 'es' | 'en' }[]) {
    const library = await Library.open(temp.path)
    closing.push(() => library.close())
    const ids: Record<string, string> = {}
    for (const { title, text, language } of documents) {
      const body = { type: 'doc', content: [paragraph(text)] }
      ids[title] = await library.create(newDocumentContent({ kind: 'case-study', title, ...(language ? { language } : {}) }, body))
    }
    const index = new SearchIndex(join(temp.path, SEARCH_INDEX_FILE)).attach(library)
    closing.push(() => index.close())
    await index.built()
    const titles = async (query: string) => (await index.search(query)).hits.map(({ id }) => Object.keys(ids).find((title) => ids[title] === id)).sort()
    return { library, ids, titles }
  }

  it('finds a Chinese word wherever it stands in a sentence, and nothing for a word the text lacks', async () => {
    const { titles } = await searchable([
      { title: 'Beijing', text: '北京的快速公交系统', language: 'zh-CN' },
      { title: 'Shanghai', text: '上海地铁的换乘', language: 'zh-CN' },
      { title: 'Bogotá', text: 'TransMilenio, el sistema de buses de Bogotá', language: 'es' },
    ])
    expect(await titles('公交')).toEqual(['Beijing'])
    expect(await titles('北京')).toEqual(['Beijing'])
    expect(await titles('快速公交系统')).toEqual(['Beijing'])
    expect(await titles('上海')).toEqual(['Shanghai'])
    expect(await titles('的')).toEqual(['Beijing', 'Shanghai'])
    // One character, where it ends a run of them, and where it starts one.
    expect(await titles('统')).toEqual(['Beijing'])
    expect(await titles('换乘')).toEqual(['Shanghai'])
    expect(await titles('北')).toEqual(['Beijing'])
    // Both characters are in the Beijing text, but not side by side.
    expect(await titles('北统')).toEqual([])
    expect(await titles('广州')).toEqual([])
    expect(await titles('公交 上海')).toEqual([])
  })

  it('finds mixed text by either script, and keeps finding "Bogotá" by "Bogota"', async () => {
    const { titles } = await searchable([
      { title: 'Mixed', text: '广州BRT每天运送乘客80万人次，见Guangzhou报告' },
      { title: 'Bogotá', text: 'TransMilenio, el sistema de buses de Bogotá', language: 'es' },
      { title: 'Lagos', text: 'Bus rapid transit in Lagos' },
    ])
    expect(await titles('BRT')).toEqual(['Mixed'])
    expect(await titles('brt 广州')).toEqual(['Mixed'])
    expect(await titles('guangzhou 乘客')).toEqual(['Mixed'])
    expect(await titles('Bogota')).toEqual(['Bogotá'])
    expect(await titles('transmilenio')).toEqual(['Bogotá'])
    expect(await titles('bus')).toEqual(['Bogotá', 'Lagos'])
  })

  it('finds a word with or without its accents, exactly, even a short one fuzzy matching leaves alone', async () => {
    const { titles } = await searchable([
      { title: 'São Paulo', text: 'Gestión del corredor de São Paulo', language: 'es' },
      { title: 'Lyon', text: 'Les travaux de l’été à Lyon' },
      { title: 'Recife', text: 'Sao Paulo e Recife: gestion e ete' },
    ])
    expect(await titles('Sao')).toEqual(['Recife', 'São Paulo'])
    expect(await titles('São')).toEqual(['Recife', 'São Paulo'])
    expect(await titles('été')).toEqual(['Lyon', 'Recife'])
    expect(await titles('ete')).toEqual(['Lyon', 'Recife'])
    expect(await titles('gestion corredor')).toEqual(['São Paulo'])
    expect(await titles('GESTIÓN')).toEqual(['Recife', 'São Paulo'])
    expect(await titles('公交')).toEqual([])
  })

  it('finds a Chinese title, and a document edited since the last search', async () => {
    const { library, ids, titles } = await searchable([{ title: '深圳电动公交车', text: '全部车辆已经电动化', language: 'zh-CN' }])
    expect(await titles('电动')).toEqual(['深圳电动公交车'])
    expect(await titles('深圳')).toEqual(['深圳电动公交车'])
    const handle = await library.open(ids['深圳电动公交车']!)
    handle.doc.transact(() => {
      const fragment = handle.doc.getXmlFragment('body')
      fragment.delete(0, fragment.length)
    })
    await handle.close()
    expect(await titles('车辆')).toEqual([])
    expect(await titles('深圳')).toEqual(['深圳电动公交车'])
  })
})
