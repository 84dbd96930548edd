import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import { checkDocxParts } from '../../../src/main/import/checkDocxParts.js'
import { convertFile } from '../../../src/main/import/convertFile.js'
import { errorReply } from '../../../src/main/services/errorReply.js'
import { checkInvite } from '../../../src/main/sync/checkInvite.js'
import { signInvite } from '../../../src/relay/invites.js'
import { errorText } from '../../../src/renderer/i18n/errorText.js'
import { formats } from '../../../src/renderer/i18n/formats.js'
import { CasebookError } from '../../../src/shared/errors.js'
import { errorFromReply } from '../../../src/shared/ipc/contract.js'
import { checkImportable } from '../../../src/shared/ipc/importableFile.js'
import { parsePartialMeta } from '../../../src/shared/model/meta.js'
import { catalogT } from '../../helpers/catalogT.js'
import { englishT } from '../../helpers/englishT.js'
import { wordZip } from '../../helpers/zip.js'

/** The error as the renderer gets it: through the contract, as JSON (the browser shell) would carry it. */
function acrossTheContract(error: unknown): Error {
  return errorFromReply(JSON.parse(JSON.stringify(errorReply(error))))
}

function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('nothing was thrown')
}

describe('an error, as the window says it', () => {
  it('is the catalog’s sentence for its code and reason, with its params', async () => {
    const t = await englishT()
    const tooLarge = acrossTheContract(thrown(() => checkImportable('atlas.md', 60 * 1024 * 1024)))
    expect(tooLarge).toMatchObject({
      code: 'INVALID_FILE',
      reason: 'tooLarge',
      params: { name: 'atlas.md', limit: 50 },
      message: 'atlas.md: It is larger than 50 MB.',
    })
    expect(errorText(t, formats('en'), tooLarge)).toBe('It is larger than 50 MB.')
  })

  it('names a network by its display name where the window knows one, and by its id where not', async () => {
    const t = await englishT()
    const refused = acrossTheContract(new CasebookError('ACCESS_REFUSED', 'A viewer adds nothing.', { reason: 'viewerAdds', params: { network: 'brt' } }))
    const names = new Map([['brt', 'Bus Rapid Transit']])
    expect(errorText(t, formats('en'), refused, (id) => names.get(id) ?? id)).toBe('Your invite to Bus Rapid Transit lets you read its documents, not add one.')
    expect(errorText(t, formats('en'), refused)).toBe('Your invite to brt lets you read its documents, not add one.')
  })

  it('names a meta field by its label, the entry of a list, and the choices', async () => {
    const t = await englishT()
    const long = acrossTheContract(thrown(() => parsePartialMeta({ authors: ['Amara', 'y'.repeat(101)] })))
    expect(long.message).toBe('Invalid metadata: "authors" (entry 2) must be at most 100 characters.')
    expect(errorText(t, formats('en'), long)).toBe('The details were not saved: Authors (entry 2) must be at most 100 characters.')
    const status = acrossTheContract(thrown(() => parsePartialMeta({ status: 'finished' as 'draft' })))
    expect(errorText(t, formats('en'), status)).toBe('The details were not saved: Status must be one of Draft, Submitted, In review, Published, or Archived.')
  })

  it('is in the window’s language, its numbers and lists written as that language writes them', async () => {
    const i18n = i18next.createInstance()
    await i18n.init({
      lng: 'es',
      resources: {
        es: {
          translation: {
            errors: { IMPORT_LIMIT: { memory: 'Necesita más de {{limit, number}} MB de memoria.' }, INVALID_META: { field: 'No se guardó: {{problem}}' } },
            problem: { notOneOf: '{{field}} debe ser {{choices}}.' },
            meta: { field: { status: 'Estado' } },
            status: { draft: 'Borrador', submitted: 'Enviado', inReview: 'En revisión', published: 'Publicado', archived: 'Archivado' },
          },
        },
      },
    })
    const memory = new CasebookError('IMPORT_LIMIT', 'It needs more than 15000 MB of memory to import, so it was stopped.', {
      reason: 'memory',
      params: { limit: 15_000 },
    })
    expect(errorText(i18n.t, formats('es'), acrossTheContract(memory))).toBe('Necesita más de 15.000 MB de memoria.')
    const status = acrossTheContract(thrown(() => parsePartialMeta({ status: 'finished' as 'draft' })))
    expect(errorText(i18n.t, formats('es'), status)).toBe('No se guardó: Estado debe ser Borrador, Enviado, En revisión, Publicado o Archivado.')
  })

  it('is its English message when it names no reason the catalog holds, or is no Casebook error', async () => {
    const t = await englishT()
    const refused = new CasebookError('ACCESS_REFUSED', 'The relay at wss://relay.example.org refused the invite: revoked')
    expect(errorText(t, formats('en'), acrossTheContract(refused))).toBe('The relay at wss://relay.example.org refused the invite: revoked')
    expect(errorText(t, formats('en'), new TypeError('x is undefined'))).toBe('x is undefined')
    // A failure that is no Casebook error reaches the renderer as the back end's bug, said as such.
    expect(errorText(t, formats('en'), acrossTheContract(new TypeError('x is undefined')))).toBe(
      'Something went wrong inside Casebook; the details are in its log.',
    )
  })

  it('is in the window’s language for what was English only: an expired invite, an unencrypted relay, a Word part too large', async () => {
    const es = await catalogT('es')
    const { token } = await signInvite(new TextEncoder().encode('x'.repeat(32)), { network: 'brt', role: 'member', name: 'Ana', expiresIn: '1h' })
    const expired = acrossTheContract(thrown(() => checkInvite({ relayUrl: 'wss://relay.example.org', token }, Date.now() + 2 * 3_600_000)))
    expect(expired.message).toMatch(/^The invite to brt expired on \d{4}-\d\d-\d\d; ask for a new one\.$/)
    const day = formats('es').day(new Date(Date.now() + 3_600_000).toISOString())
    expect(errorText(es, formats('es'), expired)).toBe(`La invitación a brt venció el ${day}; pida una nueva.`)
    const plain = acrossTheContract(thrown(() => checkInvite({ relayUrl: 'ws://relay.example.org', token })))
    expect(errorText(es, formats('es'), plain)).toBe(
      '“ws://relay.example.org” no está cifrada: cualquiera en el camino podría leer su invitación y sus documentos. Use la dirección wss:// del servidor de retransmisión (wss://relay.example.org).',
    )
    const bomb = acrossTheContract(thrown(() => checkDocxParts(wordZip(100_000), 1 << 20)))
    expect(errorText(es, formats('es'), bomb)).toBe(
      'La parte word/document.xml del archivo ocupa 4 MB descomprimida, más de los 1 MB que se admiten por parte.',
    )
  })

  it('names a bad field of an imported file’s front matter as such, and its choices by their names', async () => {
    const bytes = new TextEncoder().encode('---\nstatus: finished\n---\n# Heat plan\n')
    const refused = acrossTheContract(await convertFile({ name: 'heat.md', bytes }).catch((error: unknown) => error))
    expect(refused).toMatchObject({
      code: 'INVALID_META',
      reason: 'frontMatter',
      message: 'Its front matter\'s "status" must be one of draft, submitted, in-review, published, archived.',
    })
    expect(errorText(await englishT(), formats('en'), refused)).toBe(
      'Its front matter cannot be used: Status must be one of Draft, Submitted, In review, Published, or Archived.',
    )
    expect(errorText(await catalogT('fr'), formats('fr'), refused)).toBe(
      'Son en-tête de métadonnées (front matter) est inutilisable\u00a0: Le champ Statut doit valoir l’une de ces valeurs\u00a0: Brouillon, Soumis, En relecture, Publié ou Archivé.',
    )
  })
})
