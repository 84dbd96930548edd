import type { Member } from '../../shared/protocol/messages.js'

/**
 * The members another instance recorded in Redis, or none if what is there is not a list of them:
 * one instance's bad field must not hide everyone else's.
 */
export function readMembersJson(text: string): Member[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return []
  }
  if (!Array.isArray(value)) return []
  return value.flatMap((member: unknown): Member[] => {
    if (typeof member !== 'object' || member === null) return []
    const { name, city } = member as Record<string, unknown>
    if (typeof name !== 'string') return []
    return [typeof city === 'string' ? { name, city } : { name }]
  })
}
