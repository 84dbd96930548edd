import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SECTIONS } from '../../src/shared/model/kinds.js'
import { expect, test } from './support/processes.js'

interface Catalog {
  app: { nav: { library: string; newDocument: string } }
  newDocument: { title: string; documentTitle: string; create: string }
  kind: { caseStudy: string }
  editor: { body: string }
  library: { table: { documents: string }; row: { trash: string; trashLabel: string } }
}

function catalog(language: string): Catalog {
  return JSON.parse(readFileSync(join(import.meta.dirname, '../../src/renderer/locales', `${language}.json`), 'utf8')) as Catalog
}

/**
 * A city official whose system speaks Spanish, Chinese, French or Portuguese, gets the whole window in that language
 * without choosing it: a new case study from that language's template, a problem with what they
 * typed said in that language, and the library listing it so. The sentences expected are written
 * here as a reader of each language would read them, not read from the catalogs.
 */
const PEOPLE = [
  {
    language: 'es',
    locale: 'es-CO',
    title: 'Ciclovías de Bogotá',
    emptyTitle: 'El campo Título no puede estar vacío.',
    bold: ['Negrita', 'N'],
    summaryHint: 'En tres o cuatro oraciones: qué hizo la ciudad y qué resultados obtuvo.',
  },
  {
    language: 'zh-CN',
    locale: 'zh-CN',
    title: '北京快速公交',
    emptyTitle: '“标题”不能为空。',
    bold: ['粗体', '粗'],
    summaryHint: '用三四句话说明：城市做了什么，取得了什么成果。',
  },
  {
    language: 'fr',
    locale: 'fr-SN',
    title: 'Bus rapides de Dakar',
    emptyTitle: 'Le champ Titre ne doit pas être vide.',
    bold: ['Gras', 'G'],
    summaryHint: 'En trois ou quatre phrases\u00a0: ce que la ville a fait, et ce qui en est ressorti.',
  },
  {
    language: 'pt-BR',
    locale: 'pt-BR',
    title: 'BRT de Curitiba',
    emptyTitle: 'O campo Título não pode ficar vazio.',
    bold: ['Negrito', 'N'],
    summaryHint: 'Em três ou quatro frases: o que a cidade fez e o que resultou disso.',
  },
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
      // The empty section under the first heading asks for what it wants, in the document's language.
      await expect(body.locator('h2 + p').first()).toHaveAttribute('data-placeholder', person.summaryHint)
      const [boldName, boldLetter] = person.bold
      await expect(page.getByRole('button', { name: boldName, exact: true })).toHaveText(boldLetter)
      await expect(page.getByRole('button', { name: boldName, exact: true })).toHaveAttribute('title', boldName)
      // A hint longer than a line (French and Portuguese run longer) makes room for itself: its
      // paragraph is at least as tall as it, so it never runs into the next heading.
      const cramped = await body.locator('p.is-empty').evaluateAll((hints) =>
        hints
          .filter((p) => {
            // The hint's own height, laid out alone at the paragraph's width in its font.
            const probe = p.ownerDocument.createElement('div')
            const hint = p.ownerDocument.defaultView!.getComputedStyle(p, '::before')
            probe.style.cssText = 'position:absolute;visibility:hidden'
            for (const property of ['width', 'fontFamily', 'fontSize', 'fontStyle', 'fontWeight', 'lineHeight', 'letterSpacing'] as const)
              probe.style[property] = hint[property]
            probe.textContent = p.dataset.placeholder ?? ''
            p.ownerDocument.body.append(probe)
            const needed = probe.getBoundingClientRect().height
            probe.remove()
            return p.getBoundingClientRect().height + 0.5 < needed
          })
          .map((p) => p.dataset.placeholder),
      )
      expect(cramped).toEqual([])
      await page.screenshot({ path: testInfo.outputPath(`editor-${person.language}.png`) })

      await page.getByRole('button', { name: words.app.nav.library }).click()
      const row = page.getByRole('table', { name: words.library.table.documents }).getByRole('row').filter({ hasText: person.title })
      await expect(row).toContainText(words.kind.caseStudy)
      await expect(row.getByRole('button', { name: words.library.row.trashLabel.replace('{{title}}', person.title) })).toHaveText(words.library.row.trash)
      await page.screenshot({ path: testInfo.outputPath(`library-${person.language}.png`) })
    } finally {
      await context.close()
    }
  })
}
