import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Node, type SourceFile, SyntaxKind } from 'typescript/unstable/ast'
import { describe, expect, it } from 'vitest'
import { useTempDir } from '../../helpers/tempDir.js'
import { rendererSourceFiles } from './rendererSource.js'

type Named = Node & { name?: Node & { text?: string } }

/**
 * Every `new CasebookError(…)` in the file whose options name no `reason` (a property, or a spread
 * that passes one on): an error the window could only show in English.
 */
function errorsWithoutReason(file: SourceFile): number[] {
  // Each by the line its call ends on.
  const found: number[] = []
  const visit = (node: Node): void => {
    if (node.kind === SyntaxKind.NewExpression) {
      const { expression, arguments: args } = node as unknown as { expression: Node & { text?: string }; arguments?: readonly Node[] }
      if (expression.kind === SyntaxKind.Identifier && expression.text === 'CasebookError' && !namesReason(file, args?.[2]))
        found.push(file.text.slice(0, node.end).split('\n').length)
    }
    node.forEachChild(visit)
  }
  visit(file)
  return found
}

function namesReason(file: SourceFile, options: Node | undefined): boolean {
  if (options?.kind !== SyntaxKind.ObjectLiteralExpression) return false
  const properties = (options as unknown as { properties: readonly Named[] }).properties
  return properties.some((property) =>
    property.kind === SyntaxKind.SpreadAssignment ? /\breason\b/.test(file.text.slice(property.pos, property.end)) : property.name?.text === 'reason',
  )
}

const ROOT = join(import.meta.dirname, '../../..')

describe('the errors a user can meet', () => {
  const temp = useTempDir()

  it('each carry a reason, so the window can say them in its language: every CasebookError raised in src/main, src/shared and the renderer', () => {
    const backEnd = rendererSourceFiles(join(ROOT, 'tsconfig.json')).filter(({ path }) => /^src\/(main|shared)\//.test(path))
    const renderer = rendererSourceFiles().map(({ path, file }) => ({ path: `src/renderer/${path}`, file }))
    expect(backEnd.length).toBeGreaterThan(50)
    const without = [...backEnd, ...renderer].flatMap(({ path, file }) => errorsWithoutReason(file).map((line) => `${path}:${line}`))
    expect(without).toEqual([])
  })

  it('are found without a reason wherever one is raised so', () => {
    mkdirSync(join(temp.path, 'src'))
    writeFileSync(join(temp.path, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ['src'] }))
    writeFileSync(
      join(temp.path, 'src/planted.ts'),
      [
        'declare class CasebookError { constructor(code: string, message: string, options?: object) }',
        'declare const detail: { reason?: string }',
        "export const a = new CasebookError('INTERNAL', 'No options.')",
        "export const b = new CasebookError('INTERNAL', 'No reason.', { cause: 1 })",
        "export const c = new CasebookError('INTERNAL', 'A reason.', { reason: 'unexpected' })",
        "export const d = new CasebookError('INTERNAL', 'Passed on.', { ...(detail.reason ? { reason: detail.reason } : {}) })",
        "export const e = new CasebookError('INTERNAL', 'Options elsewhere.', detail)",
      ].join('\n'),
    )
    const [planted] = rendererSourceFiles(join(temp.path, 'tsconfig.json'))
    expect(errorsWithoutReason(planted!.file)).toEqual([3, 4, 7])
  })
})
