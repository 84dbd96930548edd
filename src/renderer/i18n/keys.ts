import type { ParseKeys } from 'i18next'

/**
 * A key of the catalogs. Keys chosen at run time (a status, a kind, an error's reason) are written
 * out whole in typed maps, never built from parts, so that the compiler checks each exists and
 * tests/unit/i18n finds each one used.
 */
export type Key = ParseKeys
