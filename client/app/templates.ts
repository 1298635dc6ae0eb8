/**
 * The template pack versions the client knows. A document is shown through the pack version it
 * was made from; the shipped packs' first versions are built in, any other version is fetched
 * once and kept in the shared registry (versions never change once saved).
 */
import { useEffect, useState } from 'react';
import { templates, type TemplatePack, type TemplateRef } from '../../shared/model';
import { api } from './api';

const loading = new Map<string, Promise<void>>();

function load(ref: TemplateRef): Promise<void> {
  const key = `${ref.pack}@${ref.version}`;
  let pending = loading.get(key);
  if (!pending) {
    pending = api<{ template: TemplatePack }>('GET', `/api/templates/${encodeURIComponent(ref.pack)}/versions/${ref.version}`).then(
      ({ template }) => templates.add(template),
    );
    // A failed fetch may be tried again by the next caller.
    pending.catch(() => loading.delete(key));
    loading.set(key, pending);
  }
  return pending;
}

/**
 * Whether the pack version is ready to read through `templates`; fetches it when it is not.
 * When it cannot be fetched (the version is gone), the registry's fallback — the pack's newest
 * known version — is used, so the document still opens.
 */
export function useTemplate(ref: TemplateRef | null): boolean {
  const [, setLoaded] = useState(0);
  const known = ref === null || templates.has(ref);
  const key = ref ? `${ref.pack}@${ref.version}` : '';
  useEffect(() => {
    if (!ref || templates.has(ref)) return;
    let live = true;
    const done = () => live && setLoaded((count) => count + 1);
    load(ref).then(done, () => {
      failed.add(key);
      done();
    });
    return () => {
      live = false;
    };
  }, [key]);
  return known || failed.has(key);
}

const failed = new Set<string>();

export interface ActiveTemplates {
  active: TemplateRef & { name: string };
  packs: Array<{ id: string; name: string; version: number; active: boolean; builtIn: boolean }>;
  documentTypes: Array<{ key: string; label: string; description: string; isBilaga: boolean }>;
}

/** The organisation's packs and the document types new documents are made as. */
export function useActiveTemplates(): ActiveTemplates | null {
  const [value, setValue] = useState<ActiveTemplates | null>(null);
  useEffect(() => {
    let live = true;
    api<ActiveTemplates>('GET', '/api/templates').then(
      (result) => live && setValue(result),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return value;
}
