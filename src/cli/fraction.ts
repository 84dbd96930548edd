import { CasebookError } from '../shared/errors.js'

/** Reads an option value that is a share of something, above 0 and below 1, or says plainly what is wrong with it. */
export function fraction(text: string, option: string): number {
  const value = Number(text)
  if (!/^0?\.\d+$/.test(text) || value <= 0 || value >= 1)
    throw new CasebookError('USAGE', `${option} must be a number between 0 and 1, such as 0.7, not "${text}".`)
  return value
}
