/**
 * What an import could not keep exactly, as a code and the variable parts of its sentence (like a
 * CasebookError's reason and params): the window says it from its catalog (`import.warnings.CODE`),
 * the CLI and the log say the English message.
 */
export type ImportWarningCode =
  | 'frontMatterFieldLeftOut'
  | 'imagesAsLinks'
  | 'imagesNotRead'
  | 'imageNotFound'
  | 'imageRefused'
  | 'rawHtmlAsText'
  | 'headingsInListItems'
  | 'networkLeftOut'
  | 'languageLeftOut'
  | 'imagesLeftOut'
  | 'wordMessage'
  | 'wordPropertyLeftOut'

export interface ImportWarning {
  code: ImportWarningCode
  params: Readonly<Record<string, string | number>>
  /** The sentence in English. */
  message: string
}

export function importWarning(code: ImportWarningCode, params: ImportWarning['params'], message: string): ImportWarning {
  return { code, params, message }
}
