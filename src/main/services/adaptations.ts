import type { JSONContent } from '@tiptap/core'
import type * as z from 'zod'
import { CasebookError } from '../../shared/errors.js'
import type { Adaptation, REQUESTS } from '../../shared/ipc/contract.js'
import { adaptationsOf } from '../../shared/model/adaptationsOf.js'
import { addAdaptationReference, readAdaptationReferences } from '../../shared/protocol/adaptationReferences.js'
import type { Library } from '../library/library.js'
import type { SettingsStore } from '../settings/settingsStore.js'
import type { SyncEngine } from '../sync/syncEngine.js'
import { notJoined } from './curation.js'
import { refuseWorkshopNetwork } from './workshops.js'

export interface AdaptationContext {
  library: Library
  sync: SyncEngine
  settings: SettingsStore
}

/**
 * "Adapt for my city": a new document adapting `id` (adaptationBody.ts), in the network chosen, by
 * the user and in their city. When both are in networks, the source's is told by reference
 * (adaptationReferences.ts), under the user's invite to it: that network learns where the adaptation
 * is and its city, never what it says. Answers the new document's id.
 */
export async function adapt({ library, sync, settings }: AdaptationContext, input: z.output<(typeof REQUESTS)['documents.adapt']>): Promise<string> {
  const source = library.summary(input.id).meta
  const { profile, networks } = await settings.read()
  if (input.network) {
    await refuseWorkshopNetwork(settings, input.network)
    const joined = networks.find(({ id }) => id === input.network)
    if (!joined) throw notJoined(input.network)
    if (joined.role === 'viewer')
      throw new CasebookError('ACCESS_REFUSED', `Your invite to ${input.network} lets you read its documents, not add one.`, {
        reason: 'viewerAdds',
        params: { network: input.network },
      })
  }
  // TipTap and ProseMirror, which a new body takes, load when a document is first made, not at launch.
  const [{ newDocumentContent, readBody }, { adaptationBody }] = await Promise.all([
    import('../../shared/model/documentBody.js'),
    import('../../shared/model/adaptationBody.js'),
  ])
  const handle = await library.open(input.id)
  let body: JSONContent
  try {
    body = readBody(handle.doc)
  } finally {
    await handle.close()
  }
  const city = input.city ?? profile?.city
  const id = await library.create(
    newDocumentContent(
      {
        kind: input.kind,
        title: input.title,
        language: input.language,
        ...(input.network ? { network: input.network } : {}),
        ...(city ? { city } : {}),
        authors: profile ? [profile.name] : [],
        adaptedFrom: {
          id: input.id,
          title: source.title,
          ...(source.network ? { network: source.network } : {}),
          ...(source.city ? { city: source.city } : {}),
        },
      },
      adaptationBody(body, input.kind, input.language),
    ),
  )
  const room = source.network ? sync.adaptations(source.network) : null
  const invite = networks.find(({ id }) => id === source.network)
  if (input.network && source.network && room && invite)
    addAdaptationReference(room, { adaptation: id, source: input.id, network: input.network, city: invite.city ?? '', at: new Date().toISOString() })
  return id
}

/**
 * The cities that adapted the document: from its network's adaptations room and this device's own
 * documents (adaptationsOf.ts), each with its title where this device holds it to open. A private
 * document's adaptations are only this device's.
 */
export function adaptedBy({ library, sync }: Omit<AdaptationContext, 'settings'>, id: string): Adaptation[] {
  const network = library.summary(id).meta.network
  const documents = library.list()
  const titles = new Map(documents.map(({ id, meta }) => [id, meta.title]))
  const room = network ? sync.adaptations(network) : null
  const found = network
    ? adaptationsOf(network, new Map([[id, true]]), room ? readAdaptationReferences(room) : [], documents)
    : documents.flatMap(({ id: adaptation, meta }) =>
        meta.adaptedFrom?.id === id && !meta.adaptedFrom.network ? [{ adaptation, network: meta.network ?? '', city: meta.city ?? '' }] : [],
      )
  return found
    .map(({ adaptation, network, city }) => {
      const title = titles.get(adaptation)
      return { id: adaptation, network, city, ...(title !== undefined ? { title } : {}) }
    })
    .sort((a, b) => a.city.localeCompare(b.city))
}
