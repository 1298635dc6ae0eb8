/**
 * Import and export over HTTP.
 *   POST /api/import[?dryRun=1]  body: the file (text/plain, text/markdown or .docx)
 *        header x-yttra-import-plan (optional): the official's corrections to the dry run's plan,
 *          ASCII JSON { type?, title?, moves?: [{ block, section }] } (server/import/importPlan.ts);
 *          a plan that is malformed or does not fit the file is refused with 400
 *        dry run → 200 { report, type, title, fields, sections, announcedBilagor, plan }, where
 *          plan numbers every block and proposes its section for each document type
 *        otherwise → 201 { id, report, announcedBilagor }; the file is parsed completely (in a
 *        worker thread, within the import limits) and the plan applied before the document is
 *        created, so a failed import leaves nothing behind. 413/422 past a limit, 429 when too
 *        many imports run.
 *   GET  /api/documents/:id/export?format=docx|pdf|html|txt[&suggestions=accepted|markup]
 *        open suggestions: as if accepted (default), or marked up (Word's tracked changes in DOCX,
 *        <ins>/<del> with the author in HTML and PDF)
 *        PDF conversions are queued fairly per user; 429 when the user's or everyone's queue is full.
 * Both live in their own encapsulated plugin, so the raw-body parser and its upload limit apply
 * to these routes only and the rest of the API keeps its small JSON limit.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { AnnouncedBilaga, TemplatePack } from '../../../shared/model';
import type { DocumentSnapshotView } from '../../../shared/doc/documentState';
import type { AuditLog } from '../../audit/auditLog';
import type { DocumentService } from '../../documents/documentService';
import { ValidationError, YttraError } from '../../errors';
import { FairQueue, QueueFullError, type FairQueueLimits } from '../../limits/fairQueue';
// Not from '../../export': that index re-exports renderDocx, which would load the docx library at
// start instead of at the first Word export (about 9 MiB of an idle server).
import { EXPORT_FORMATS, isExportFormat, isSuggestionRendering } from '../../export/exportDocument';
import { exportFrom } from '../../export/exportSource';
import type { PdfOptions } from '../../export/pdfExport';
import { defaultPdfQueue } from '../../export/pdfExport';
import { importErrors } from '../../import';
import { applyPlan, IMPORT_PLAN_HEADER, proposePlan, readPlanHeader } from '../../import/importPlan';
import { assignImportedAuthors } from '../../import/docxTrackedChanges';
import { ImportRunner } from '../../import/importRunner';
import { keepClosingLinesAsText } from '../../import/unplacedText';
import type { ViewOrSource } from '../../work/tasks';
import type { WorkerPool } from '../../work/workerPool';
import { requireUser } from '../authentication';
import { documentIdParam } from './documents';

export interface ImportExportDeps {
  documents: Pick<DocumentService, 'create' | 'readView' | 'authorize'>;
  audit?: Pick<AuditLog, 'record'>;
  /**
   * The särskilda yttranden and reservationer announced for a document, for its closing lines.
   * The ärende/bilaga feature provides it; until then documents export without closing lines.
   */
  announcedBilagor?: (documentId: string) => Promise<AnnouncedBilaga[]>;
  /** A named version's read-only view, for `&version=`. */
  versionView: (documentId: string, versionId: string) => Promise<DocumentSnapshotView>;
  /**
   * The document (no version) or a version to export: its view, or when it is large the bytes a
   * worker of `work` exports it from. Without it the views above are exported in place.
   */
  exportSource?: (documentId: string, versionId: string | undefined) => Promise<ViewOrSource>;
  work?: WorkerPool;
  /** PDF conversion settings and its queue; the process's default queue when absent. */
  pdf?: PdfOptions;
  /** Runs imports within the configured limits; one with the default limits when absent. */
  imports?: ImportRunner;
  /**
   * Everyone with an account, by id and name: tracked changes in an imported Word file become
   * suggestions of the person of the author's name, and an export names the authors of
   * suggestions that carry no name. Without it authors are kept by the names written.
   */
  users?: () => Promise<ReadonlyArray<{ id: string; name: string }>>;
  /** The organisation's active template pack, which files are read into; the default pack when absent. */
  activePack?: () => TemplatePack;
}

function isTruthy(value: unknown): boolean {
  return value === '1' || value === 'true' || value === '';
}

/**
 * A download name holds no character that can disguise it: control and format characters
 * (U+202E RIGHT-TO-LEFT OVERRIDE turns "…exe.pdf" into "…fdp.exe", zero-width characters hide
 * text), line or paragraph separators, or half a surrogate pair (which cannot be encoded).
 */
export function safeDownloadName(filename: string): string {
  const visible = filename
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  return visible.replace(/^\.+/, '') || 'dokument';
}

/** RFC 6266: an ASCII fallback for old clients and the exact UTF-8 name for the rest. */
export function contentDisposition(name: string): string {
  const filename = safeDownloadName(name);
  const ascii = filename
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export class ExportBusyError extends YttraError {
  constructor(ownLimit: boolean) {
    super(
      ownLimit
        ? 'Dina tidigare exporter skapas fortfarande. Vänta tills de är klara och försök igen om en stund.'
        : 'Servern skapar många filer just nu. Försök igen om en stund.',
      429,
      'export_busy',
    );
  }
}

/** DOCX, HTML and text exports at once: overall, per user, and waiting (beyond: 429). */
const RENDERING_LIMITS: FairQueueLimits = { concurrency: 4, perKey: 2, maxWaiting: 32, maxWaitingPerKey: 4 };

function busyAsExportError(error: unknown): never {
  throw error instanceof QueueFullError ? new ExportBusyError(error.ownLimit) : error;
}

export function registerImportExportRoutes(app: FastifyInstance, deps: ImportExportDeps): void {
  const renderings = new FairQueue(RENDERING_LIMITS);
  const imports = deps.imports ?? new ImportRunner();
  const pdf: PdfOptions = { ...deps.pdf, queue: deps.pdf?.queue ?? defaultPdfQueue() };
  const maxUploadBytes = imports.options.limits.maxBytes;
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // Every body is taken as bytes; importFile decides from the bytes and the declared type, so
    // an unsupported type gets our Swedish 415 rather than Fastify's generic one.
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxUploadBytes }, (_request, body, done) => {
      done(null, body);
    });
    scope.setErrorHandler((error: FastifyError) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw importErrors.tooLarge(undefined, maxUploadBytes);
      throw error;
    });

    scope.post(
      '/api/import',
      {
        // A user whose import would be refused is told so before the upload is read.
        preParsing: async (request) => {
          const refusal = request.user ? imports.refusalFor(request.user.id) : undefined;
          if (refusal) throw refusal;
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const body = request.body;
        if (!Buffer.isBuffer(body) || body.length === 0) throw importErrors.empty();
        // Its shape is checked before the file is parsed; whether it fits the file, after.
        const plan = readPlanHeader(request.headers[IMPORT_PLAN_HEADER]);
        // An import creates no bilagor, so the closing lines announcing them are kept as text.
        const asParsed = keepClosingLinesAsText(
          (await imports.run(user.id, { contentType: request.headers['content-type'] ?? '', body, pack: deps.activePack?.() })).parsed,
        );
        const planned = plan ? applyPlan(asParsed, plan) : asParsed;
        // Tracked changes in a Word file are suggestions of the people their authors' names match.
        const parsed = deps.users ? { ...planned, sections: assignImportedAuthors(planned.sections, await deps.users()) } : planned;
        const { report, type, title, fields, sections, announcedBilagor } = parsed;
        // The report has these in Swedish; the originals tell an operator what the Word reader met.
        if (parsed.libraryWarnings?.length)
          request.log.info({ libraryWarnings: parsed.libraryWarnings.slice(0, 50) }, 'the Word reader warned while importing');
        if (isTruthy((request.query as Record<string, unknown>).dryRun)) {
          // The plan always numbers the blocks as parsed, so a plan sent with a dry run stays valid at create.
          const proposal = proposePlan(asParsed);
          return reply.status(200).send({ report, type, title, fields, sections, announcedBilagor, plan: proposal });
        }
        // Made from the pack version the file was read into, whose section keys the content has.
        const created = await deps.documents.create({ type, title, fields, sections, template: parsed.template }, user);
        deps.audit?.record({ documentId: created.id, userId: user.id, action: 'created', detail: { type, imported: true } });
        return reply.status(201).send({ id: created.id, report, announcedBilagor });
      },
    );

    scope.get('/api/documents/:id/export', async (request, reply) => {
      const user = requireUser(request);
      const id = documentIdParam(request.params);
      const query = request.query as Record<string, unknown>;
      if (!isExportFormat(query.format)) {
        throw new ValidationError(`Välj ett exportformat: ${EXPORT_FORMATS.join(', ')} (t.ex. ?format=docx).`);
      }
      await deps.documents.authorize(user, id, 'reader');
      // Refused before the Word file is rendered, so a flood of PDF requests costs nothing.
      if (query.format === 'pdf') pdf.queue!.checkAdmission(user.id);
      const version = typeof query.version === 'string' && query.version !== '' ? query.version : undefined;
      const source: ViewOrSource = deps.exportSource
        ? await deps.exportSource(id, version)
        : { view: version ? await deps.versionView(id, version) : await deps.documents.readView(id) };
      const suggestions = query.suggestions ?? 'accepted';
      if (!isSuggestionRendering(suggestions)) {
        throw new ValidationError(
          'Välj hur förslagen visas: suggestions=accepted (som om alla godtagits) eller suggestions=markup (markerade).',
        );
      }
      const bilagor = deps.announcedBilagor ? await deps.announcedBilagor(id) : [];
      const format = query.format;
      const authorNames =
        suggestions === 'markup' && deps.users ? new Map((await deps.users()).map((person) => [person.id, person.name])) : undefined;
      const render = () => exportFrom(source, bilagor, format, { ...pdf, requester: user.id, suggestions, authorNames }, deps.work);
      // PDF has its own queue; the other formats are rendered here, so they are bounded too.
      const file = format === 'pdf' ? await render() : await renderings.run(user.id, render).catch(busyAsExportError);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(file.filename))
        .header('cache-control', 'no-store')
        .send(file.body);
    });
  });
}
