import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SECTIONS } from '../../src/shared/model/kinds.js'
import { expect, test } from './support/processes.js'

interface Catalog {
  app: { nav: { library: string; newDocument: string } }
  newDocument: { title: string; documentTitle: string; create: string }
  kind: { caseStudy: string }
  editor: { body: string }
  library: { table: { documents: string } }
}

function catalog(language: string): Catalog {
  return JSON.parse(readFileSync(join(import.meta.dirname, '../../src/renderer/locales', `${language}.json`), 'utf8')) as Catalog
}

/**
 * A city official whose system speaks Spanish, or Chinese, gets the whole window in that language
 * without choosing it: a new case study from that language's template, a problem with what they
 * typed said in that language, and the library listing it so. The sentences expected are written
 * here as a reader of each language would read them, not read from the catalogs.
 */
const PEOPLE = [
  { language: 'es', locale: 'es-CO', title: 'Ciclovías de Bogotá', emptyTitle: 'El campo Título no puede estar vacío.' },
  { language: 'zh-CN', locale: 'zh-CN', title: '北京快速公交', emptyTitle: '“标题”不能为空。' },
] as const

for (const person of PEOPLE) {
  test(`the window in ${person.language}: the template, a problem and the library in that language`, async ({ browser, processes }, testInfo) => {
    const words = catalog(person.language)
    const shell = await processes.shell()
    const context = await browser.newContext({ locale: person.locale, viewport: { width: 1280, height: 800 } })
    try {
      const page = await context.newPage()
      await page.goto(shell.url)
      await expect(page.locator('html')).toHaveAttribute('lang', person.language)

      await page.getByRole('button', { name: words.app.nav.newDocument }).click()
      const dialog = page.getByRole('dialog', { name: words.newDocument.title })
      await dialog.getByRole('radio', { name: new RegExp(`^${words.kind.caseStudy}`) }).check()
      // Each template shows its first sections, in this language.
      await expect(dialog).toContainText(SECTIONS[person.language]['case-study'].slice(0, 4).join(' · '))
      await dialog.getByRole('button', { name: words.newDocument.create }).click()
      await expect(dialog.getByRole('alert')).toHaveText(person.emptyTitle)
      await page.screenshot({ path: testInfo.outputPath(`new-document-${person.language}.png`) })

      await dialog.getByLabel(words.newDocument.documentTitle).fill(person.title)
      await dialog.getByRole('button', { name: words.newDocument.create }).click()
      await expect(page.getByRole('heading', { level: 1, name: person.title })).toBeVisible()
      const body = page.getByRole('textbox', { name: words.editor.body })
      await expect(body.locator('h2')).toHaveText([...SECTIONS[person.language]['case-study']])
      await page.screenshot({ path: testInfo.outputPath(`editor-${person.language}.png`) })

      await page.getByRole('button', { name: words.app.nav.library }).click()
      const row = page.getByRole('table', { name: words.library.table.documents }).getByRole('row').filter({ hasText: person.title })
      await expect(row).toContainText(words.kind.caseStudy)
      await page.screenshot({ path: testInfo.outputPath(`library-${person.language}.png`) })
    } finally {
      await context.close()
    }
  })
}
