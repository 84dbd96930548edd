import { BorderStyle, type ITableBordersOptions, type IStylesOptions, LineRuleType } from 'docx'

/** The width of an A4 page's text between the package's one-inch margins, in twips. */
export const TEXT_WIDTH = 11906 - 2 * 1440
/** Its height. */
export const TEXT_HEIGHT = 16838 - 2 * 1440

const RULE = { style: BorderStyle.SINGLE, size: 4, color: 'C5CCD1' }

/** Thin grey rules, as the HTML export draws its tables. */
export const TABLE_BORDERS: ITableBordersOptions = { top: RULE, bottom: RULE, left: RULE, right: RULE, insideHorizontal: RULE, insideVertical: RULE }

export const CELL_MARGINS = { top: 40, bottom: 40, left: 100, right: 100 }

/** The fill of a table's header cells. */
export const HEADER_FILL = 'F3F5F6'

const SANS = { ascii: 'Calibri', hAnsi: 'Calibri', cs: 'Calibri' }
const MONO = { ascii: 'Consolas', hAnsi: 'Consolas', cs: 'Consolas' }

/**
 * The package's default styles (Title, Heading 1–6, Hyperlink: Word's own names, so that its
 * navigation pane and a reader's style changes work), a body font for them, and the few styles a
 * Casebook body needs that Word names differently or not at all. The East Asian font is left to
 * Word's theme, which knows the document's script better than one name here would.
 */
export const DOCX_STYLES: IStylesOptions = {
  default: {
    document: { run: { font: SANS, size: 22 }, paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } } },
    title: { run: { font: SANS, size: 48, color: '1D2327' }, paragraph: { spacing: { after: 240 } } },
    heading1: { run: { font: SANS, size: 32, bold: true, color: '0B6E4F' }, paragraph: { spacing: { before: 360, after: 120 }, keepNext: true } },
    heading2: { run: { font: SANS, size: 26, bold: true, color: '0B6E4F' }, paragraph: { spacing: { before: 240, after: 80 }, keepNext: true } },
    heading3: { run: { font: SANS, size: 24, bold: true, color: '1D2327' }, paragraph: { spacing: { before: 200, after: 80 }, keepNext: true } },
  },
  paragraphStyles: [
    {
      id: 'Quote',
      name: 'Quote',
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { italics: true, color: '5B6770' },
      paragraph: { indent: { left: 567 }, border: { left: { style: 'single', size: 12, color: 'D9DEE2', space: 8 } } },
    },
    {
      id: 'CodeBlock',
      name: 'Code Block',
      basedOn: 'Normal',
      next: 'Normal',
      run: { font: MONO, size: 19 },
      paragraph: { spacing: { after: 120, line: 240, lineRule: LineRuleType.AUTO }, shading: { type: 'clear', fill: 'F3F5F6', color: 'auto' } },
    },
    // Word's own, under an image (docxBlocks.ts).
    {
      id: 'Caption',
      name: 'caption',
      basedOn: 'Normal',
      next: 'Normal',
      run: { italics: true, size: 18, color: '5B6770' },
      paragraph: { spacing: { before: 60, after: 200 } },
    },
    { id: 'DetailLabel', name: 'Detail Label', basedOn: 'Normal', run: { bold: true, color: '5B6770', size: 20 }, paragraph: { spacing: { after: 0 } } },
    { id: 'DetailValue', name: 'Detail Value', basedOn: 'Normal', run: { size: 20 }, paragraph: { spacing: { after: 0 } } },
    // A report's (reportToDocx.ts): its chapters' running header, and its cover's smaller lines.
    { id: 'Header', name: 'header', basedOn: 'Normal', run: { size: 16, color: '5B6770' }, paragraph: { spacing: { after: 0 } } },
    { id: 'CoverNetwork', name: 'Cover Network', basedOn: 'Normal', next: 'Title', run: { bold: true, color: '0B6E4F', allCaps: true, size: 20 } },
    { id: 'CoverDate', name: 'Cover Date', basedOn: 'Normal', run: { color: '5B6770' }, paragraph: { spacing: { after: 240 } } },
    { id: 'CoverStanding', name: 'Cover Standing', basedOn: 'Normal', run: { size: 20, color: '5B6770' }, paragraph: { spacing: { after: 60 } } },
  ],
  characterStyles: [{ id: 'CodeChar', name: 'Code Char', basedOn: 'DefaultParagraphFont', run: { font: MONO, size: 20 } }],
}
