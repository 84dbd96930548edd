import { CasebookError } from '../shared/errors.js'
import { newDocumentContent } from '../shared/model/documentBody.js'
import { DOCUMENT_KINDS, type DocumentKind } from '../shared/model/kinds.js'
import { closestLanguage, LANGUAGES } from '../shared/model/languages.js'
import type { Command } from './command.js'
import { withLibrary } from './withLibrary.js'

export const newCommand: Command = {
  name: 'new',
  usage: '--kind KIND --title TITLE [--language LANG] [--network ID] [--city CITY] [--country COUNTRY]',
  summary: "Create a document from its kind's template, in its language, and print its id.",
  options: {
    kind: { type: 'string', description: DOCUMENT_KINDS.join(', ') },
    title: { type: 'string', description: 'the title' },
    language: {
      type: 'string',
      value: 'LANG',
      description: `the language it is written in: ${LANGUAGES.join(', ')} or a tag of one, such as es-MX (default en)`,
    },
    network: { type: 'string', value: 'ID', description: 'the id of the network it belongs to' },
    city: { type: 'string', description: 'the city it is about' },
    country: { type: 'string', description: 'the country of that city' },
  },
  positionals: { min: 0, max: 0, name: '' },
  async run(context) {
    const kind = context.required('kind')
    if (!(DOCUMENT_KINDS as readonly string[]).includes(kind)) {
      throw new CasebookError('USAGE', `--kind must be one of ${DOCUMENT_KINDS.join(', ')}, not "${kind}".`)
    }
    const tag = context.option('language') ?? 'en'
    const language = closestLanguage(tag)
    if (!language) throw new CasebookError('USAGE', `--language must be one of ${LANGUAGES.join(', ')} (or a tag of one, such as es-MX), not "${tag}".`)
    // Validated before the library is opened, so a bad value changes nothing.
    const content = newDocumentContent({
      kind: kind as DocumentKind,
      title: context.required('title'),
      language,
      network: context.option('network'),
      city: context.option('city'),
      country: context.option('country'),
    })
    const id = await withLibrary(context, (library) => library.create(content))
    context.out(id)
  },
}
