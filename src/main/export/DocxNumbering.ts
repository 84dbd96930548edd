import { AlignmentType, type ILevelsOptions, type INumberingOptions, LevelFormat } from 'docx'

/** Word's nine list levels, each indented half an inch (720 twips) more than the one above. */
const LEVELS = 9
export const LEVEL_INDENT = 720
export const HANGING = 360

const ORDERED_FORMATS = [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN] as const
const BULLETS = ['•', '◦', '▪'] as const

const BULLET_REFERENCE = 'bullets'

/**
 * The numbering definitions a document's lists need. Each top-level numbered list gets one of its
 * own, so that it counts from its own start: Word continues a definition's count across lists, and
 * restarting one through `instance` is broken in the docx package (its issue 3037). Bulleted lists
 * count nothing and share one.
 */
export class DocxNumbering {
  private readonly ordered: { reference: string; start: number }[] = []

  /** A new definition for a top-level numbered list whose first item is `start`. */
  orderedList(start: number): string {
    const reference = `numbered-${this.ordered.length + 1}`
    this.ordered.push({ reference, start })
    return reference
  }

  readonly bulletList = BULLET_REFERENCE

  options(): INumberingOptions {
    return {
      config: [
        { reference: BULLET_REFERENCE, levels: levels((level) => ({ format: LevelFormat.BULLET, text: BULLETS[level % BULLETS.length] })) },
        ...this.ordered.map(({ reference, start }) => ({
          reference,
          levels: levels((level) => ({
            format: ORDERED_FORMATS[level % ORDERED_FORMATS.length],
            text: `%${level + 1}.`,
            ...(level === 0 && { start }),
          })),
        })),
      ],
    }
  }
}

/** The text indent of a list item's paragraphs at a level (0 the outermost). */
export function listIndent(level: number): number {
  return LEVEL_INDENT * (level + 1)
}

function levels(each: (level: number) => Pick<ILevelsOptions, 'format' | 'text' | 'start'>): ILevelsOptions[] {
  return Array.from({ length: LEVELS }, (_, level) => ({
    level,
    alignment: AlignmentType.LEFT,
    start: 1,
    ...each(level),
    style: { paragraph: { indent: { left: listIndent(level), hanging: HANGING } } },
  }))
}
