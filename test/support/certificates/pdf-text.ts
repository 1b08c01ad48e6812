/**
 * The text of a PDF as a reader gets it: pdf.js (pdfjs-dist, Mozilla's viewer) extracts it
 * through each embedded font's ToUnicode map, so a test proves what a person copying from the
 * page would get, emoji included. Runs on one baseline are joined back into their line.
 */
import { PDFDocument } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** A line of text; `cells` are its parts a gap of more than a point apart (a label and its value). */
export type PdfLine = { text: string; cells: string[]; left: number; right: number; y: number };

export async function pdfLines(bytes: Uint8Array): Promise<PdfLine[][]> {
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  const task = getDocument({ data: new Uint8Array(bytes), verbosity: 0 });
  const pdf = await task.promise;
  const pages: PdfLine[][] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    const lines = new Map<number, { str: string; x: number; width: number }[]>();
    for (const item of content.items) {
      if (!('str' in item) || item.str === '') continue;
      // transform is [a, b, c, d, x, y]; runs of one line share y to the hundredth of a point.
      const y = Math.round((item.transform[5] as number) * 100) / 100;
      const x = item.transform[4] as number;
      lines.set(y, [...(lines.get(y) ?? []), { str: item.str, x, width: item.width }]);
    }
    pages.push(
      [...lines.entries()]
        .sort(([a], [b]) => b - a)
        .map(([y, items]) => {
          const sorted = items.sort((a, b) => a.x - b.x);
          const last = sorted.at(-1);
          // Runs of one text touch (one font each); a gap of more than a point starts the next cell.
          const cells: string[] = [];
          sorted.forEach((item, k) => {
            if (k > 0 && item.x - gapEnd(sorted[k - 1]) <= 1) cells.push(`${cells.pop() ?? ''}${item.str}`);
            else cells.push(item.str);
          });
          return {
            text: cells.join(' '),
            cells,
            left: sorted[0]?.x ?? 0,
            right: last === undefined ? 0 : last.x + last.width,
            y,
          };
        }),
    );
  }
  await task.destroy();
  return pages;
}

function gapEnd(item: { x: number; width: number } | undefined): number {
  return item === undefined ? 0 : item.x + item.width;
}

export async function pdfText(bytes: Uint8Array): Promise<{ pages: string[][]; doc: PDFDocument }> {
  const pages = (await pdfLines(bytes)).map((lines) => lines.flatMap((line) => line.cells));
  return { pages, doc: await PDFDocument.load(bytes) };
}
