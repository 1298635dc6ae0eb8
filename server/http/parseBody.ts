import { z } from 'zod';
import { hasForbiddenNameCharacters } from '../../shared/model/text';
import { ValidationError } from '../errors';

/**
 * A person's, group's or title's name as the API takes it: bounded, and free of control, bidi
 * and separator characters, which a name shown in lists, closing lines and logs has no use for.
 */
export function shortName(maxLength: number): z.ZodString {
  return z
    .string()
    .max(maxLength)
    .refine((value) => !hasForbiddenNameCharacters(value), {
      message: 'Namnet innehåller styrtecken eller osynliga riktningstecken. Skriv det utan dem och försök igen.',
    });
}

/** Validates a request body against a schema; the error names the fields that were wrong. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    // A rule of our own (a refinement) says in words what is wrong; the rest names the fields.
    const own = parsed.error.issues.find((issue) => issue.code === 'custom');
    if (own) throw new ValidationError(own.message);
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || 'innehållet'))].join(', ');
    throw new ValidationError(`Förfrågan har fel format (${fields}).`);
  }
  return parsed.data;
}
