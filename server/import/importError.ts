/**
 * Why a file could not be imported, as a typed error the HTTP layer answers with its status and
 * Swedish message. Every message tells the official what to do next.
 */
import { DOCUMENT_TYPES } from '../../shared/model';
import { YttraError } from '../errors';

export type ImportProblem =
  | 'empty'
  | 'too_large'
  | 'unsupported_type'
  | 'legacy_doc'
  | 'encrypted'
  | 'corrupt'
  | 'not_text'
  | 'no_content'
  | 'unrecognised'
  | 'too_many_parts'
  | 'too_complex'
  | 'document_too_large'
  | 'busy';

export type ImportStatus = 400 | 413 | 415 | 422 | 429;

export class ImportError extends YttraError {
  constructor(
    readonly problem: ImportProblem,
    message: string,
    status: ImportStatus,
  ) {
    super(message, status, `import_${problem}`);
  }
}

/** The largest file an official may import by default (YTTRA_IMPORT_MAX_BYTES); real case documents are far below this. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toLocaleString('sv-SE', { maximumFractionDigits: 1 });
}

function typeNames(): string {
  const labels = DOCUMENT_TYPES.map((type) => type.label.toLowerCase());
  return `${labels.slice(0, -1).join(', ')} eller ${labels[labels.length - 1]}`;
}

export const importErrors = {
  empty: () => new ImportError('empty', 'Filen är tom. Välj en fil med innehåll och försök igen.', 400),
  tooLarge: (bytes?: number, limit = MAX_IMPORT_BYTES) =>
    new ImportError(
      'too_large',
      `Filen är för stor${bytes ? ` (${megabytes(bytes)} MB)` : ''}. Största tillåtna storlek är ${megabytes(limit)} MB; ta bort bilder eller dela upp dokumentet.`,
      413,
    ),
  inflatedTooLarge: (limit: number) =>
    new ImportError(
      'too_large',
      `Word-filen packas upp till mer än ${megabytes(limit)} MB text och bilder, vilket är det största som kan importeras. Ta bort bilder eller dela upp dokumentet och försök igen.`,
      413,
    ),
  tooManyEntries: (limit: number) =>
    new ImportError(
      'too_many_parts',
      `Word-filen består av fler än ${limit.toLocaleString('sv-SE')} delar och kan inte importeras. Öppna den i Word, spara den på nytt som .docx och försök igen.`,
      422,
    ),
  tooComplex: (why: 'time' | 'memory') =>
    new ImportError(
      'too_complex',
      why === 'time'
        ? 'Det tog för lång tid att läsa filen, så importen avbröts. Dela upp dokumentet eller spara om det i Word och försök igen.'
        : 'Filen kräver för mycket minne för att läsas, så importen avbröts. Ta bort bilder eller dela upp dokumentet och försök igen.',
      422,
    ),
  documentTooLarge: (bytes: number, limit: number) =>
    new ImportError(
      'document_too_large',
      `Dokumentet skulle bli ${megabytes(bytes)} MB, men största tillåtna storlek är ${megabytes(limit)} MB. Dela upp det i flera dokument och importera dem var för sig.`,
      413,
    ),
  busy: (yours: boolean) =>
    new ImportError(
      'busy',
      yours
        ? 'Du importerar redan en fil. Vänta tills den är klar och försök igen om en stund.'
        : 'Servern läser in många filer just nu. Försök igen om en stund.',
      429,
    ),
  unsupportedType: () =>
    new ImportError(
      'unsupported_type',
      'Filtypen kan inte importeras. Importera en Word-fil (.docx) eller en textfil (.txt eller .md).',
      415,
    ),
  legacyDoc: () =>
    new ImportError(
      'legacy_doc',
      'Filen är i det äldre Word-formatet (.doc). Öppna den i Word eller LibreOffice, spara den som .docx och importera igen.',
      415,
    ),
  encrypted: () =>
    new ImportError(
      'encrypted',
      'Filen är lösenordsskyddad. Ta bort lösenordet i Word (Arkiv > Info > Skydda dokument), spara och importera igen.',
      422,
    ),
  corrupt: () =>
    new ImportError(
      'corrupt',
      'Filen kunde inte läsas som ett Word-dokument (.docx). Den kan vara skadad; öppna den i Word, spara den igen och försök på nytt.',
      422,
    ),
  notText: () =>
    new ImportError('not_text', 'Filen ser inte ut som text. Importera en Word-fil (.docx) eller en textfil (.txt eller .md).', 415),
  noContent: () => new ImportError('no_content', 'Dokumentet innehåller ingen text att importera.', 422),
  unrecognised: () =>
    new ImportError(
      'unrecognised',
      `Dokumentet gick inte att känna igen som ${typeNames()}. Skriv dokumenttypen (t.ex. "Tjänsteskrivelse") på en egen rad överst, eller använd mallens avsnittsrubriker (t.ex. "Sammanfattning" och "Förslag till beslut").`,
      422,
    ),
};
