import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { documentType } from '../../../shared/model';
import { ValidationError } from '../../errors';
import type { DocumentService } from '../../documents/documentService';
import { isDocumentId } from '../../sync/roomNames';
import { NotFoundError } from '../../errors';

const createBody = z.object({
  type: z.string(),
  title: z.string().max(500),
});

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || 'innehållet').join(', ');
    throw new ValidationError(`Förfrågan har fel format (${fields}).`);
  }
  return parsed.data;
}

export function documentIdParam(params: unknown): string {
  const id = (params as { id?: string }).id ?? '';
  if (!isDocumentId(id)) throw new NotFoundError();
  return id;
}

export function registerDocumentRoutes(app: FastifyInstance, deps: { documents: DocumentService }): void {
  const { documents } = deps;

  app.get('/api/documents', async () => {
    const records = await documents.list();
    return {
      documents: records.map((record) => ({ ...record, typeLabel: documentType(record.type).label })),
    };
  });

  app.post('/api/documents', async (request, reply) => {
    const body = parseBody(createBody, request.body);
    const created = await documents.create({ type: body.type as never, title: body.title });
    return reply.status(201).send(created);
  });

  app.get('/api/documents/:id', async (request) => documents.details(documentIdParam(request.params)));
}
