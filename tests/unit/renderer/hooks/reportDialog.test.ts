// @vitest-environment happy-dom
import { act, createElement } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { I18nextProvider } from 'react-i18next'
import { afterEach, describe, expect, it } from 'vitest'
import type { DocumentRow } from '../../../../src/shared/ipc/contract.js'
import { i18n } from '../../../../src/renderer/i18n/i18n.js'
import { ReportDialog } from '../../../../src/renderer/library/ReportDialog.js'
import { documentRow } from '../../../helpers/documentRow.js'
import { fakeApi } from './fakeApi.js'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const mounted: Root[] = []
afterEach(() => {
  for (const root of mounted.splice(0)) act(() => root.unmount())
})

const inNetwork = (id: string, title: string, network: string): DocumentRow => {
  const row = documentRow(id, title)
  return { ...row, meta: { ...row.meta, network } }
}

/** The report builder over `rows`, and what it asked the back end. */
async function reportDialog(rows: DocumentRow[]) {
  const { api, asked } = fakeApi()
  const container = document.createElement('div')
  document.body.append(container)
  const root = createRoot(container)
  mounted.push(root)
  await act(async () => root.render(createElement(I18nextProvider, { i18n }, createElement(ReportDialog, { api, rows, onClose: () => {} }))))
  const glance = () => container.querySelector<HTMLLabelElement>('label.report-glance')
  const click = (element: HTMLElement) => act(async () => element.click())
  const documentBox = (title: string) =>
    [...container.querySelectorAll('.report-documents label')].find((label) => label.textContent?.startsWith(title))?.querySelector('input') as HTMLInputElement
  const create = async () => {
    const form = container.querySelector('form') as HTMLFormElement
    await act(async () => form.requestSubmit())
    return asked.find(({ channel }) => channel === 'library.report')?.input
  }
  return { container, glance, click, documentBox, create }
}

describe('the report builder', () => {
  it('offers to open with the network at a glance when every document chosen is of one network, and asks for it when ticked', async () => {
    const { glance, click, create } = await reportDialog([inNetwork('a1', 'Lagos BRT', 'brt'), inNetwork('a2', 'Quito cable car', 'brt')])
    expect(glance()?.textContent).toBe('Open with the network at a glance (brt): its figures and two charts')
    const box = glance()?.querySelector('input') as HTMLInputElement
    expect(box.checked).toBe(false)
    await click(box)
    expect(await create()).toEqual({ title: 'Report', ids: ['a1', 'a2'], format: 'pdf', paper: 'a4', atAGlance: 'brt' })
  })

  it('asks for no such page unless ticked', async () => {
    const { glance, create } = await reportDialog([inNetwork('a1', 'Lagos BRT', 'brt')])
    expect(glance()).not.toBeNull()
    expect(await create()).toEqual({ title: 'Report', ids: ['a1'], format: 'pdf', paper: 'a4' })
  })

  it('says that a Word file gives the charts as tables', async () => {
    const { container, glance, click } = await reportDialog([inNetwork('a1', 'Lagos BRT', 'brt')])
    await click(glance()?.querySelector('input') as HTMLInputElement)
    const select = container.querySelector('select') as HTMLSelectElement
    await act(async () => {
      select.value = 'export.docx'
      select.dispatchEvent(new Event('change', { bubbles: true }))
    })
    expect(glance()?.querySelector('.hint')?.textContent).toBe('In a Word file, each chart is given as the table of its figures.')
  })

  it('offers it not while the documents chosen are of several networks or private, and again once they are of one', async () => {
    const { glance, click, documentBox } = await reportDialog([
      inNetwork('a1', 'Lagos BRT', 'brt'),
      documentRow('p1', 'My notes'),
      inNetwork('h1', 'Paris heat', 'heat'),
    ])
    expect(glance()).toBeNull()
    await click(documentBox('My notes'))
    expect(glance()).toBeNull()
    await click(documentBox('Paris heat'))
    expect(glance()?.textContent).toContain('(brt)')
  })
})
