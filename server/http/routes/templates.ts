/**
 * Template packs over HTTP.
 *   GET  /api/templates                        → { active, packs, documentTypes } the packs, which
 *        one new documents are made from, and its document types (for "Nytt dokument")
 *   GET  /api/templates/:packId/versions/:version → { template } one saved version, as saved
 *   PUT  /api/templates/active                 { packId } → { active } (administrators)
 *   POST /api/templates                        { template, basedOn } → 201 { template } a new
 *        version of a pack, or a new pack (basedOn null); 409 when someone saved in between
 *   GET  /api/documents/:id/template-migration?pack=  → { report, current } what moving the
 *        document to the newest version of `pack` (its own pack by default) would do
 *   POST /api/documents/:id/template-migration { pack, version } → { report } does it
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { metaMap } from '../../../shared/doc/documentState';
import { templateRefOf, templates, type TemplatePack } from '../../../shared/model';
import type { AuditLog } from '../../audit/auditLog';
import type { DocumentService } from '../../documents/documentService';
import { ConflictError, DocumentLockedError, ValidationError } from '../../errors';
import { applyTemplateMigration, planTemplateMigration } from '../../templates/templateMigration';
import type { TemplateService } from '../../templates/templateService';
import { requireUser } from '../authentication';
import { parseBody } from '../parseBody';
import { documentIdParam } from './documents';

export interface TemplateDeps {
  templates: TemplateService;
  documents: Pick<DocumentService, 'withRoom' | 'recordTemplate'>;
  audit: Pick<AuditLog, 'recordAbout' | 'record'>;
}

const TEMPLATES_SUBJECT = 'templates';
const packId = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/);
const activeBody = z.object({ packId }).strict();
const saveBody = z.object({ template: z.unknown(), basedOn: z.number().int().min(1).nullable() }).strict();
const migrationBody = z.object({ pack: packId, version: z.number().int().min(1) }).strict();

function versionParams(params: unknown): { packId: string; version: number } {
  const { packId: id, version } = params as { packId: string; version: string };
  const number = Number(version);
  if (!packId.safeParse(id).success || !Number.isInteger(number) || number < 1) {
    throw new ValidationError('Ange en mall och ett versionsnummer, t.ex. /api/templates/malmo/versions/1.');
  }
  return { packId: id, version: number };
}

/** The pack a document may move to: the newest version of the one asked for. */
function targetPack(deps: TemplateDeps, id: string): TemplatePack {
  const pack = deps.templates.newest(id);
  if (!pack) throw new ValidationError('Det finns ingen sådan mall.');
  return pack;
}

export function registerTemplateRoutes(app: FastifyInstance, deps: TemplateDeps): void {
  app.get('/api/templates', async () => {
    const active = deps.templates.active();
    return {
      active: { pack: active.id, version: active.version, name: active.name },
      packs: deps.templates.list(),
      documentTypes: active.documentTypes.map((type) => ({
        key: type.key,
        label: type.label,
        description: type.description,
        isBilaga: type.isBilaga,
      })),
    };
  });

  app.get('/api/templates/:packId/versions/:version', async (request) => {
    const { packId: id, version } = versionParams(request.params);
    return { template: deps.templates.version({ pack: id, version }) };
  });

  app.put('/api/templates/active', async (request) => {
    const admin = requireUser(request);
    const { packId: id } = parseBody(activeBody, request.body);
    const pack = await deps.templates.setActive(id);
    await deps.audit.recordAbout(TEMPLATES_SUBJECT, {
      userId: admin.id,
      action: 'template_activated',
      detail: { pack: pack.id, version: pack.version, name: pack.name },
    });
    return { active: { pack: pack.id, version: pack.version, name: pack.name } };
  });

  app.post('/api/templates', async (request, reply) => {
    const admin = requireUser(request);
    const body = parseBody(saveBody, request.body);
    const pack = await deps.templates.save(body.template, body.basedOn, admin.id);
    await deps.audit.recordAbout(TEMPLATES_SUBJECT, {
      userId: admin.id,
      action: 'template_saved',
      detail: { pack: pack.id, version: pack.version, name: pack.name },
    });
    return reply.status(201).send({ template: pack });
  });

  app.get('/api/documents/:id/template-migration', async (request) => {
    const id = documentIdParam(request.params);
    const { pack: asked } = request.query as { pack?: string };
    return deps.documents.withRoom(id, (room) => {
      const current = templateRefOf(metaMap(room.doc));
      const target = targetPack(deps, typeof asked === 'string' && asked !== '' ? asked : current.pack);
      mustHaveType(target, String(metaMap(room.doc).get('type')));
      return { current, report: planTemplateMigration(room.doc, templates.pack(current), target) };
    });
  });

  app.post('/api/documents/:id/template-migration', async (request) => {
    const user = requireUser(request);
    const id = documentIdParam(request.params);
    const asked = parseBody(migrationBody, request.body);
    const target = targetPack(deps, asked.pack);
    if (target.version !== asked.version) {
      throw new ConflictError('Mallen har fått en nyare version sedan du öppnade rapporten. Öppna den igen och läs vad som flyttas.');
    }
    const report = await deps.documents.withRoom(id, async (room) => {
      const meta = metaMap(room.doc);
      if (meta.get('status') === 'justerad') throw new DocumentLockedError();
      mustHaveType(target, String(meta.get('type')));
      const current = templateRefOf(meta);
      if (current.pack === target.id && current.version === target.version) {
        throw new ValidationError('Dokumentet är redan gjort från den versionen av mallen.');
      }
      // Planned and applied inside the same change, so nobody's edit can fall between them.
      let plan: ReturnType<typeof planTemplateMigration> | undefined;
      await room.change((doc) => {
        plan = planTemplateMigration(doc, templates.pack(current), target);
        applyTemplateMigration(doc, target, plan);
      });
      return plan!;
    });
    await deps.documents.recordTemplate(id, { pack: report.to.pack, version: report.to.version });
    deps.audit.record({
      documentId: id,
      userId: user.id,
      action: 'template_migrated',
      detail: { from: `${report.from.pack}@${report.from.version}`, to: `${report.to.pack}@${report.to.version}` },
    });
    return { report };
  });
}

function mustHaveType(pack: TemplatePack, typeKey: string): void {
  if (!pack.documentTypes.some((type) => type.key === typeKey)) {
    throw new ValidationError(`Mallen ${pack.name} har ingen dokumenttyp för det här dokumentet.`);
  }
}
