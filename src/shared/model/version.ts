import * as z from 'zod'
import { CasebookError } from '../errors.js'
import type { DocumentStatus } from './meta.js'
import { fieldProblems, textField } from './validation.js'

/** A version's id: a hash of its entry (versionHistory.ts). */
export const VERSION_ID = /^[0-9a-f]{20}$/

/** A named version: a label, who saved it, when, and the document's status then (see versionHistory.ts). */
export interface VersionInfo {
  id: string
  label: string
  author: string
  createdAt: string
  status?: DocumentStatus
}

const versionInput = z.object({
  label: textField(100),
  author: textField(100),
})

export type VersionInput = z.infer<typeof versionInput>

export function parseVersionInput(value: unknown): VersionInput {
  const result = versionInput.safeParse(value)
  if (result.success) return result.data
  const [first] = fieldProblems(result.error)
  if (!first) throw new CasebookError('INVALID_META', 'Invalid version: unknown problem.', { reason: 'invalid' })
  const { field, entry, code, params, message } = first
  throw new CasebookError('INVALID_META', `Invalid version: ${message}.`, {
    reason: 'version',
    params: { field, problem: code, ...(entry ? { entry } : {}), ...params },
  })
}
