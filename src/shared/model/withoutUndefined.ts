/** The object without its undefined fields: Yjs stores `undefined` as null, which would not read back as an absent field. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T
}
