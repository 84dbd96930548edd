import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import { warningText } from '../../../src/renderer/i18n/warningText.js'
import { fromMarkdown } from '../../../src/shared/export/markdown.js'
import es from '../../../src/renderer/locales/es.json' with { type: 'json' }
import { englishT } from '../../helpers/englishT.js'

// As the import's worker and the shell carry them: JSON.
const { warnings } = JSON.parse(
  JSON.stringify(fromMarkdown('---\nlayout: post\n---\n![a](https://example.org/a.png) ![b](https://example.org/b.png) ![c](c.png) <b>x</b>\n')),
)

describe('an import warning, as the window says it', () => {
  it('is the English catalog’s sentence, the same as the back end’s', async () => {
    const t = await englishT()
    expect(warnings.map((warning: Parameters<typeof warningText>[1]) => warningText(t, warning))).toEqual(
      warnings.map((warning: { message: string }) => warning.message),
    )
  })

  it('is in Spanish, with its plural, when the window is', async () => {
    const i18n = i18next.createInstance()
    await i18n.init({ lng: 'es', resources: { es: { translation: es } }, interpolation: { escapeValue: false } })
    expect(warnings.map((warning: Parameters<typeof warningText>[1]) => warningText(i18n.t, warning))).toEqual([
      'El campo "layout" del encabezado no se usa en Casebook y se omitió.',
      '2 imágenes de la web quedaron como enlaces: Casebook conserva las imágenes que se dan como archivos junto al archivo Markdown.',
      '1 imagen dada como archivo se convirtió en un enlace: la aplicación importa solo el archivo Markdown, sin su carpeta, así que no pudo leer las imágenes que lo acompañan. La línea de comandos (casebook import) sí las lee.',
      '2 fragmentos de HTML se convirtieron en texto sin formato.',
    ])
  })
})
