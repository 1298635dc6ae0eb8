/**
 * Who is in which header field: each person's awareness carries `field` (the field's key, or
 * `title`, or null) while one of the field's inputs has focus. Read defensively: a state written by
 * another client is whatever that client sent.
 */
import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';

/** The awareness key; the server's awareness schema knows it. */
export const FIELD_AWARENESS_KEY = 'field';

export interface FieldVisitor {
  clientId: number;
  name: string;
  color: string;
}

const COLOR = /^#[0-9a-f]{6}$/i;

function visitorsByField(awareness: Awareness): Map<string, FieldVisitor[]> {
  const byField = new Map<string, FieldVisitor[]>();
  const seen = new Set<string>();
  awareness.getStates().forEach((state, clientId) => {
    if (clientId === awareness.clientID || typeof state !== 'object' || state === null) return;
    const field = (state as Record<string, unknown>)[FIELD_AWARENESS_KEY];
    const user = (state as Record<string, unknown>).user;
    if (typeof field !== 'string' || field.length > 100 || typeof user !== 'object' || user === null) return;
    const { name, color, id } = user as Record<string, unknown>;
    if (typeof name !== 'string' || !name) return;
    // One person in two tabs is shown once per field.
    const person = `${field}\u0000${typeof id === 'string' ? id : clientId}`;
    if (seen.has(person)) return;
    seen.add(person);
    const visitors = byField.get(field) ?? [];
    visitors.push({ clientId, name: name.slice(0, 80), color: typeof color === 'string' && COLOR.test(color) ? color : '#555555' });
    byField.set(field, visitors);
  });
  return byField;
}

function keepIfSame(previous: Map<string, FieldVisitor[]>, next: Map<string, FieldVisitor[]>): Map<string, FieldVisitor[]> {
  if (previous.size !== next.size) return next;
  for (const [field, visitors] of next) {
    const known = previous.get(field);
    if (
      !known ||
      known.length !== visitors.length ||
      known.some((visitor, index) => {
        const other = visitors[index]!;
        return visitor.clientId !== other.clientId || visitor.name !== other.name || visitor.color !== other.color;
      })
    )
      return next;
  }
  return previous;
}

/** The other people in each field, by field key (`title` for the title). */
export function useFieldPresence(awareness: Awareness | null): Map<string, FieldVisitor[]> {
  const [visitors, setVisitors] = useState<Map<string, FieldVisitor[]>>(() => new Map());
  useEffect(() => {
    if (!awareness) return;
    // Awareness changes with every caret move; the fields only re-render when someone enters or leaves one.
    const update = () => setVisitors((previous) => keepIfSame(previous, visitorsByField(awareness)));
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [awareness]);
  return visitors;
}

/** Tells the others which field this person is in (null: none). */
export function announceField(awareness: Awareness | null, field: string | null): void {
  if (!awareness) return;
  const current = (awareness.getLocalState() as Record<string, unknown> | null)?.[FIELD_AWARENESS_KEY] ?? null;
  if (current !== field) awareness.setLocalStateField(FIELD_AWARENESS_KEY, field);
}
