import { join, relative } from 'node:path'
import { type Node, type SourceFile, SyntaxKind } from 'typescript/unstable/ast'
import { API } from 'typescript/unstable/sync'

/**
 * The renderer's source files as the TypeScript compiler parses them (TypeScript 7's API, which
 * asks the compiler, tsgo, for each file's syntax tree), for the checks that every word the window
 * shows comes from the catalogs.
 */
export function rendererSourceFiles(tsconfig = join(import.meta.dirname, '../../../src/renderer/tsconfig.json')): { path: string; file: SourceFile }[] {
  const root = join(tsconfig, '..')
  const api = new API({ cwd: root })
  try {
    const project = api.updateSnapshot({ openProjects: [tsconfig] }).getProjects()[0]!
    return project.program
      .getSourceFileNames()
      .filter((name) => !relative(root, name).startsWith('..') && /\.tsx?$/.test(name) && !name.endsWith('.d.ts'))
      .map((name) => ({ path: relative(root, name), file: project.program.getSourceFile(name)! }))
  } finally {
    api.close()
  }
}

/** Attributes whose value a person reads, or hears from a screen reader. */
const READ_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt'])
/** The same, as an object's property (an editor's DOM attributes, say), where `title` is more often a document's. */
const READ_PROPERTIES = new Set(['aria-label'])
const WORDS = /\p{L}/u
const JSX = new Set([SyntaxKind.JsxElement, SyntaxKind.JsxSelfClosingElement, SyntaxKind.JsxFragment])
const TEXT_PARTS = new Set([
  SyntaxKind.StringLiteral,
  SyntaxKind.NoSubstitutionTemplateLiteral,
  SyntaxKind.TemplateHead,
  SyntaxKind.TemplateMiddle,
  SyntaxKind.TemplateTail,
  SyntaxKind.JsxText,
])

type Text = Node & { text: string }
type Parts = Node & { [part: string]: Node | undefined }

/**
 * Every user-visible string literal in the file: JSX text, and the string literals that can be the
 * value of a JSX child expression or of an aria-label, title, placeholder or alt attribute (or an
 * object's aria-label property, such as an editor's DOM attributes). A literal is such a value when
 * it is the expression, or a branch of `?:`, `&&`, `||`, `??`, a part of a template or of `+`; not
 * when it is a call's argument, such as t('key'), nor compared (`state === 'waiting'`). Only text
 * with a letter counts: a "·" between parts is not a word to translate.
 */
export function userVisibleLiterals(file: SourceFile): { line: number; text: string }[] {
  const found: { line: number; text: string }[] = []
  const visit = (node: Node): void => {
    if (node.kind === SyntaxKind.JsxText) report(node as Text)
    else if (node.kind === SyntaxKind.JsxExpression && isJsxChild(node)) value(node)
    else if (node.kind === SyntaxKind.JsxAttribute && READ_ATTRIBUTES.has(nameOf(node))) value((node as Parts)['initializer'])
    else if (node.kind === SyntaxKind.PropertyAssignment && READ_PROPERTIES.has(nameOf(node))) value((node as Parts)['initializer'])
    else node.forEachChild(visit)
  }
  /** The literals the expression's value can be made of; anything else in it is visited as code. */
  const value = (node: Node | undefined): void => {
    if (!node) return
    const parts = node as Parts
    if (TEXT_PARTS.has(node.kind)) report(node as Text)
    else if (JSX.has(node.kind)) visit(node)
    else if (node.kind === SyntaxKind.ConditionalExpression) {
      visit(parts['condition']!)
      value(parts['whenTrue'])
      value(parts['whenFalse'])
    } else if (node.kind === SyntaxKind.BinaryExpression) binary(parts)
    else if (VALUE_WRAPPERS.has(node.kind)) node.forEachChild(value)
    else node.forEachChild(visit)
  }
  const binary = (node: Parts) => {
    const operator = node['operatorToken']!.kind
    if (operator === SyntaxKind.AmpersandAmpersandToken) {
      visit(node['left']!)
      value(node['right'])
    } else if (operator === SyntaxKind.BarBarToken || operator === SyntaxKind.QuestionQuestionToken || operator === SyntaxKind.PlusToken) {
      value(node['left'])
      value(node['right'])
    } else node.forEachChild(visit)
  }
  const report = (node: Text) => {
    if (WORDS.test(node.text)) found.push({ line: file.text.slice(0, node.end).split('\n').length, text: node.text.trim() })
  }
  visit(file)
  return found
}

/** Nodes whose value is their parts' (or, for a template span, its literal text and its expression's). */
const VALUE_WRAPPERS = new Set([
  SyntaxKind.JsxExpression,
  SyntaxKind.ParenthesizedExpression,
  SyntaxKind.AsExpression,
  SyntaxKind.NonNullExpression,
  SyntaxKind.TemplateExpression,
  SyntaxKind.TemplateSpan,
  SyntaxKind.ArrayLiteralExpression,
])

function isJsxChild(node: Node): boolean {
  const kind = node.parent?.kind
  return kind === SyntaxKind.JsxElement || kind === SyntaxKind.JsxFragment
}

function nameOf(node: Node): string {
  return ((node as Parts)['name'] as Text | undefined)?.text ?? ''
}
