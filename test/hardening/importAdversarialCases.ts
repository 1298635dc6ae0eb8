/**
 * Hostile inputs for every pattern the importers run over user text, each about 1 MB: long runs
 * of the characters a pattern's quantifiers share (spaces, commas, dashes, asterisks, at-signs),
 * with the one character that makes the match fail at the far end. A pattern with nested or
 * adjacent unbounded quantifiers takes minutes on any of them; a linear one, milliseconds.
 *
 * Run in a worker thread by importAdversarial.test.ts, so that a regression fails the test at its
 * time budget instead of freezing the test runner.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { fieldIssues, parseClosingLine, parsePersonWithParty } from '../../shared/model';
import { importDocx, importText, ImportError } from '../../server/import';
import { decodeText } from '../../server/import/importFile';
import { partLines } from '../../server/import/docxPageHeaders';
import { placeTrackedChanges, readTrackedParagraphs } from '../../server/import/docxTrackedChanges';
import { htmlToSourceBlocks } from '../../server/import/htmlBlocks';
import { parseDateLine } from '../../server/import/swedishDates';
import { parseInline } from '../../server/import/inlineMarkdown';
import { headingKey, isRuleLine, listMarker, sourceText } from '../../server/import/sourceBlocks';
import { textToSourceBlocks } from '../../server/import/textFrontEnd';
import { joinPageBreaks } from '../../server/import/pageBreaks';
import { ReportCollector } from '../../server/import/importReport';

export const ADVERSARIAL_BYTES = Number(process.env.YTTRA_ADVERSARIAL_BYTES ?? 1_000_000);
const N = ADVERSARIAL_BYTES;

const run = (text: string, times = 1): string => text.repeat(Math.max(1, Math.floor(N / (text.length * times))));

/** A text file the importer recognises, with one hostile line in the place named. */
function inHeader(line: string): string {
  return `Tjänsteskrivelse\n\n${line}\n\nSammanfattning\n\nText.`;
}
function inBeslutspunkter(item: string): string {
  return `Tjänsteskrivelse\n\nRubrik\n\nFörslag till beslut\n\n1. ${item}\n\nSammanfattning\n\nText.`;
}
function inBody(paragraph: string): string {
  return `Tjänsteskrivelse\n\nRubrik\n\nSammanfattning\n\n${paragraph}`;
}

function quietly(action: () => unknown): void {
  try {
    action();
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
  }
}

/** The hostile text bodies, also posted to the HTTP route by the route test. */
export const HOSTILE_TEXTS: Record<string, string> = {
  'a title of commas ending in "!"': inHeader(`X${run(',')}!`),
  'a title of spaces ending in "!"': inHeader(`X${run(' ')}!`),
  'a title of dashes ending in "!"': inHeader(`X${run('-')}!`),
  'a beslutspunkt whose "föreslås" is 1 MB away': inBeslutspunkter(`Nämnden${run(' ')}x föreslås`),
  'a beslutspunkt of spaces': inBeslutspunkter(`Nämnden${run(' ')}nämnden`),
  'a paragraph of unclosed asterisks': inBody(run('*a ')),
  'a heading of spaces ending in a line separator': inBody(`# ${run(' ')}x\u2028y`),
  'a bullet of spaces ending in a line separator': inBody(`- ${run(' ')}x\u2028y`),
  'a numbered item of spaces ending in a line separator': inBody(`1. ${run(' ')}x\u2028y`),
  'an e-mail line of at-signs': `Tjänsteskrivelse\n\nVår referens\n\nAnna Berg\n\n${run('@')} x\n\nSammanfattning\n\nText.`,
  'an e-mail address with 500,000 dots': `Tjänsteskrivelse\n\nVår referens\n\nAnna Berg\n\nUtredare\n\na@${run('b.', 2)}@\n\nSammanfattning\n\nText.`,
  'a signatory list of commas and spaces': `Tjänsteskrivelse\n\nRubrik\n\nSammanfattning\n\nText.\n\nUndertecknare\n\nAnna${run(' ,')} (M)`,
  'a closing line of spaces': inBody(`Kalle${run(' ')}x avser inkomma med ett särskilt yttrande, bilaga`),
  'a rule line of dots ending in "x"': inBody(`${run('.')} x`),
  'a paragraph ending in 1 MB of closing brackets': inBody(`Slut.${run(')')}x\n\nfortsättning`),
  'blank lines of spaces': inBody(run('\n    x')),
  'a numbered heading': inBody(`${run('1.')}x`),
  'a heading of colons and spaces': inBody(`:${run(' ')}x`),
  'a "Label: value" header line of spaces': inHeader(`Datum:${run(' ')}x`),
  'a date line of spaces': inHeader(`den 3${run(' ')}december 2026`),
};

/** Pattern-level entry points, given the same kind of input directly. */
const DIRECT: Record<string, () => unknown> = {
  'parseInline, unclosed asterisks': () => parseInline(run('*a ')),
  'parseInline, asterisk runs': () => parseInline(run('**a ***b *')),
  'listMarker, spaces before a line separator': () => listMarker(`- ${run(' ')}x\u2028y`),
  'listMarker, numbered': () => listMarker(`12) ${run(' ')}x\u2028y`),
  'isRuleLine, dots then text': () => isRuleLine(`${run('.')} x`),
  'headingKey, numbering': () => headingKey(`${run('1.')}x`),
  'headingKey, colon and spaces': () => headingKey(`${run(': ')}x`),
  'sourceText, whitespace': () => sourceText({ kind: 'paragraph', runs: [{ text: run(' \t') }] }),
  'textToSourceBlocks, blank lines': () => textToSourceBlocks(run('\n \t x')),
  'htmlToSourceBlocks, unclosed tags': () => htmlToSourceBlocks(run('<a')),
  'htmlToSourceBlocks, entities': () => htmlToSourceBlocks(`<p>${run('&a')}</p>`),
  'joinPageBreaks, brackets': () =>
    joinPageBreaks(
      [
        { kind: 'paragraph', runs: [{ text: `Slut.${run(')')}x` }] },
        { kind: 'paragraph', runs: [{ text: `fortsätter${run(' a')}` }] },
      ],
      new ReportCollector(),
    ),
  'parsePersonWithParty, spaces': () => parsePersonWithParty(`a${run(' ')}b`),
  'parsePersonWithParty, brackets': () => parsePersonWithParty(`a${run('(b')})`),
  'parseClosingLine, spaces': () => parseClosingLine(`a${run(' ')}b`),
  'parseClosingLine, repeated "avser"': () => parseClosingLine(run('Kalle avser inkomma med ')),
  'fieldIssues, e-mail with dots': () =>
    fieldIssues({ key: 'p', label: 'P', kind: 'person', required: false }, { name: 'A', email: `a@${run('b.', 2)}@` }),
  'decodeText, Windows-1252 fallback': () => decodeText(Buffer.from(`${run('\xe5 ')}`, 'latin1')),
  'htmlToSourceBlocks, a line of tabs': () => htmlToSourceBlocks(`<p>${run('a\t')}</p>`),
  'htmlToSourceBlocks, rows of signatures side by side': () => htmlToSourceBlocks(run('<p>Anna Berg\tPer Lind</p>')),
  'partLines, unclosed tags': () => partLines(run('<w:t a')),
  // Texts of many thousand lines: the parse must stay linear (the route test, which also builds
  // the document and the plan, is not the place for documents of 100,000 blocks).
  'importText, a header of short stacked lines': () =>
    quietly(() => importText(`Tjänsteskrivelse\n${run('Socialförvaltningen\n')}\nSammanfattning\n\nText.`)),
  'importText, a title wrapped over 1 MB of lines': () =>
    quietly(() => importText(inHeader(run('Riktlinjer för handläggning av ekonomiskt bistånd till vuxna\n')))),
  'importText, a signature of names and titles': () => quietly(() => importText(inBody(run('Anna Berg\nEnhetschef\n')))),
  'importText, a body of short lines': () => quietly(() => importText(inBody(run('Box 123\n')))),
  'importText, signatures side by side in columns': () => quietly(() => importText(inBody(run('Anna Berg     Per Lind\n')))),
  'partLines, entities in text': () => partLines(`<w:t>${run('&#x')}</w:t>`),
  'parseDateLine, spaces': () => parseDateLine(`den 3${run(' ')}mars 2024`),
  'readTrackedParagraphs, unclosed tags': () => readTrackedParagraphs(`<w:p>${run('<w:ins w:author="')}`),
  'readTrackedParagraphs, entities in deleted text': () =>
    readTrackedParagraphs(`<w:p><w:del w:author="a"><w:r><w:delText>${run('&#x')}</w:delText></w:r></w:del></w:p>`),
  'readTrackedParagraphs, unclosed change wrappers': () =>
    readTrackedParagraphs(`<w:p>${run('<w:ins w:author="a"><w:r><w:t>x</w:t></w:r>')}`),
  'placeTrackedChanges, a paragraph of spaces': () =>
    placeTrackedChanges(
      { arendet: [{ kind: 'paragraph', runs: [{ text: run(' a', 2) }] }] },
      readTrackedParagraphs(`<w:p><w:r><w:t>${run(' a', 2)}</w:t></w:r><w:ins w:author="b"><w:r><w:t>c</w:t></w:r></w:ins></w:p>`),
    ),
  ...Object.fromEntries(
    Object.entries(HOSTILE_TEXTS).map(([name, text]) => [`importText, ${name}`, () => quietly(() => importText(text))]),
  ),
};

export const CASE_NAMES = [...Object.keys(DIRECT), 'importDocx, a title of commas', 'importDocx, a paragraph of unclosed asterisks'];

/** Writing the Word file is not timed; reading it is. */
async function docxCase(paragraphs: string[]): Promise<() => Promise<void>> {
  const { Document, Packer, Paragraph } = await import('docx');
  const file = await Packer.toBuffer(new Document({ sections: [{ children: paragraphs.map((text) => new Paragraph(text)) }] }));
  return async () => {
    try {
      await importDocx(file);
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
    }
  };
}

export interface CaseTiming {
  name: string;
  /** CPU time of the thread that ran the case: what a pattern costs, whatever else the machine does. */
  cpuMs: number;
  wallMs: number;
  error?: string;
}

const threadCpuMs = (): number => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};

async function runAll(): Promise<void> {
  const cases: Record<string, () => unknown> = {
    ...DIRECT,
    'importDocx, a title of commas': await docxCase(['Tjänsteskrivelse', `X${run(',')}!`, 'Sammanfattning', 'Text.']),
    'importDocx, a paragraph of unclosed asterisks': await docxCase(['Tjänsteskrivelse', 'Rubrik', 'Sammanfattning', run('*a ')]),
  };
  for (const [name, action] of Object.entries(cases)) {
    if (workerData.only !== undefined && workerData.only !== name) continue;
    const started = performance.now();
    const cpuStarted = threadCpuMs();
    let error: string | undefined;
    try {
      await action();
    } catch (caught) {
      error = String(caught);
    }
    parentPort!.postMessage({ name, cpuMs: threadCpuMs() - cpuStarted, wallMs: performance.now() - started, error } satisfies CaseTiming);
  }
}

if (!isMainThread && workerData?.role === 'import-adversarial-cases') void runAll();
