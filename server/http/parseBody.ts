import type { z } from 'zod';
import { ValidationError } from '../errors';

/** Validates a request body against a schema; the error names the fields that were wrong. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || 'innehållet'))].join(', ');
    throw new ValidationError(`Förfrågan har fel format (${fields}).`);
  }
  return parsed.data;
}
