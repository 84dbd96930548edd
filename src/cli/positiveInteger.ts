import { CasebookError } from '../shared/errors.js'

/** Reads a whole-number option value, or says plainly what is wrong with it. */
export function positiveInteger(
  text: string,
  option: string,
  { allowZero = false, max = Number.MAX_SAFE_INTEGER }: { allowZero?: boolean; max?: number },
): number {
  const value = Number(text)
  if (!/^\d+$/.test(text) || value > max || (!allowZero && value === 0)) {
    throw new CasebookError('USAGE', `${option} must be a whole number from ${allowZero ? 0 : 1} to ${max}, not "${text}".`)
  }
  return value
}
