import * as z from 'zod'

/** The languages Casebook's window speaks, as BCP 47 tags; English is the fallback for every other. */
export const LANGUAGES = ['en', 'es', 'pt-BR', 'fr', 'zh-CN'] as const
export type Language = (typeof LANGUAGES)[number]

export const languageSchema = z.enum(LANGUAGES, { error: `must be one of ${LANGUAGES.join(', ')}` })
