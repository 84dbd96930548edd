/** A catalog's messages by their whole key, such as `library.row.trash`. */
export function flatten(catalog: object, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(catalog).flatMap(([key, value]) =>
      typeof value === 'string' ? [[`${prefix}${key}`, value]] : Object.entries(flatten(value as object, `${prefix}${key}.`)),
    ),
  )
}

const PLURAL = /_(zero|one|two|few|many|other)$/

/** A key without its plural suffix: the key t() is called with. */
export const baseKey = (key: string) => key.replace(PLURAL, '')

/** The {{placeholders}} and <tags> of a message, which every translation keeps. */
const slots = (message: string) => [...message.matchAll(/\{\{\s*(\w+)[^}]*\}\}|<\/?(\w+)>/g)].map((match) => match[1] ?? `<${match[2]}>`).sort()

/**
 * What a language's catalog lacks or has too much of, beside the English one: every key of
 * en.json, with the plural forms the language's own rules need (Intl.PluralRules) rather than
 * English's, and in each message the placeholders and tags of the English one.
 */
export function catalogProblems(english: Record<string, string>, catalog: Record<string, string>, language: string): string[] {
  const forms = new Intl.PluralRules(language).resolvedOptions().pluralCategories
  const expected = new Map<string, string>()
  for (const [key, message] of Object.entries(english)) {
    if (!PLURAL.test(key)) expected.set(key, message)
    else for (const form of forms) expected.set(`${baseKey(key)}_${form}`, english[`${baseKey(key)}_other`] ?? message)
  }
  const problems: string[] = []
  for (const [key, message] of expected) {
    const translated = catalog[key]
    if (translated === undefined) problems.push(`${language}: ${key} is missing`)
    else if (slots(translated).join() !== slots(message).join())
      problems.push(`${language}: ${key} has ${slots(translated).join(', ') || 'no placeholders'}, not ${slots(message).join(', ')}`)
  }
  for (const key of Object.keys(catalog)) if (!expected.has(key)) problems.push(`${language}: ${key} is not in en.json`)
  return problems
}
