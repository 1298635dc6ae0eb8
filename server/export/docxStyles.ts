/**
 * The Word styles Yttra writes for content that has no built-in style mammoth knows, and the
 * mammoth style map that reads them back, kept together so a DOCX from Yttra imports unchanged.
 * (Headings, lists, bold, italic and strike-through need no map; underline is ignored by mammoth
 * unless mapped.) Kept apart from docxExport.ts so the importer does not load the `docx` library.
 */
export const DOCX_STYLES = { quote: 'Citat', code: 'Kodblock', codeRun: 'Kod', divider: 'Avdelare' } as const;

export const DOCX_STYLE_MAP: readonly string[] = [
  'u => u',
  `r[style-name='${DOCX_STYLES.codeRun}'] => code`,
  `p[style-name='${DOCX_STYLES.quote}'] => blockquote > p:fresh`,
  `p[style-name='${DOCX_STYLES.code}'] => pre:separator('\\n')`,
  `p[style-name='${DOCX_STYLES.divider}'] => hr`,
  // Word's own names for the same things, as officials' documents use them.
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  "p[style-name='HTML Preformatted'] => pre:separator('\\n')",
  "r[style-name='HTML Code'] => code",
];
