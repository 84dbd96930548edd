/**
 * `use`'s result, or null where it throws: what the page's storage does where the browser refuses it
 * (a sandboxed frame, storage turned off), which costs a remembered value and nothing else.
 */
export function attempt<T>(use: () => T): T | null {
  try {
    return use()
  } catch {
    return null
  }
}
