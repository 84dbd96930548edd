import 'i18next'

// t() accepts only keys of the English catalog, which every other catalog follows (tests/unit/i18n).
declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof import('../locales/en.json', { with: { type: 'json' }}) }
  }
}
