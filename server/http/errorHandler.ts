/**
 * One JSON error shape for every route: `{"error": "<a sentence the user can act on>"}`.
 * Typed errors keep their status; Fastify's own (bad JSON, too large) get Swedish words; anything
 * else is logged and answered with a 500 that shows no internals.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { YttraError } from '../errors';

const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'Förfrågan är för stor.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Servern förstår inte den här innehållstypen.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Förfrågan saknar innehåll.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'Förfrågan är inte giltig JSON.',
  FST_ERR_VALIDATION: 'Förfrågan har fel format.',
};

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof YttraError) {
      const body: Record<string, unknown> = { error: error.message };
      // Details (e.g. the completeness issues of a 409) travel beside the sentence.
      if ('details' in error && error.details && typeof error.details === 'object') Object.assign(body, error.details);
      return reply.status(error.status).send(body);
    }
    const known = error.code ? FASTIFY_MESSAGES[error.code] : undefined;
    if (known) return reply.status(error.statusCode ?? 400).send({ error: known });
    if (error instanceof SyntaxError || (error.statusCode && error.statusCode < 500)) {
      return reply.status(error.statusCode ?? 400).send({ error: 'Förfrågan kunde inte läsas.' });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: 'Något gick fel på servern. Försök igen om en stund.' });
  });
}
