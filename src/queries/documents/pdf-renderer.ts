import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';

/**
 * The typeface of the printed documents: Noto Serif (SIL Open Font License), a Times-like serif
 * whose TrueType files cover the whole Vietnamese alphabet, tone marks included (the test checks
 * every letter), from the `@expo-google-fonts/noto-serif` package. The glyphs used are embedded in
 * each PDF (a subset), so a copy prints the same on a machine without the font.
 */
export const DOCUMENT_FONT = 'NotoSerif';

const fontDirectory = dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-serif/package.json'));

export const DOCUMENT_FONT_FILES = {
  normal: join(fontDirectory, '400Regular', 'NotoSerif_400Regular.ttf'),
  bold: join(fontDirectory, '700Bold', 'NotoSerif_700Bold.ttf'),
  italics: join(fontDirectory, '400Regular_Italic', 'NotoSerif_400Regular_Italic.ttf'),
  bolditalics: join(fontDirectory, '700Bold_Italic', 'NotoSerif_700Bold_Italic.ttf'),
} as const;

const allowedFiles: ReadonlySet<string> = new Set(Object.values(DOCUMENT_FONT_FILES));

pdfmake.setFonts({ [DOCUMENT_FONT]: { ...DOCUMENT_FONT_FILES } });
// A document names no image or font of its own: nothing is fetched, nothing but the fonts is read from disk.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => allowedFiles.has(path));

/** The PDF of a document definition (pdfmake, on pdfkit). */
export function renderPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  return pdfmake.createPdf(definition).getBuffer();
}
