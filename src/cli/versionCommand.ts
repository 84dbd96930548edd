import { userInfo } from 'node:os'
import { parseVersionInput } from '../shared/model/version.js'
import type { Command } from './command.js'
import { withLibrary } from './withLibrary.js'
import { recordedReviews } from './recordedReviews.js'

export const versionCommand: Command = {
  name: 'version',
  usage: 'ID --label LABEL [--author NAME]',
  summary: "Save the document's current state as a named version and print the version id.",
  options: {
    label: { type: 'string', description: 'what this version is, such as "Sent to the network"' },
    author: { type: 'string', value: 'NAME', description: 'who saved it; by default your user name' },
  },
  positionals: { min: 1, max: 1, name: 'a document ID' },
  async run(context) {
    const input = parseVersionInput({ label: context.required('label'), author: context.option('author') ?? userInfo().username })
    const version = await withLibrary(context, async (library) => {
      const summary = library.summary(library.resolveId(context.positionals[0] ?? ''))
      return library.saveVersion(summary.id, input, (await recordedReviews(context.dataDir, [summary])).status(summary))
    })
    context.out(version.id)
  },
}
