/** The document's audit log, for its owner: who opened it, who changed which sections, roles. */
import { useEffect, useState } from 'react';
import { api, ApiError } from '../app/api';
import { ModalDialog } from '../app/ModalDialog';

interface AuditEvent {
  id: number;
  at: string;
  action: string;
  userName: string | null;
  detail: Record<string, unknown>;
}

const ACTIONS: Record<string, string> = {
  created: 'skapade dokumentet',
  opened: 'öppnade dokumentet',
  edited: 'ändrade',
  access_changed: 'ändrade delningen',
  status_changed: 'ändrade status',
  version_created: 'sparade en version',
  version_restored: 'återställde en version',
  handed_in: 'lämnade in',
  bilaga_created: 'skapade en bilaga',
  imported: 'importerade dokumentet',
};

function describe(event: AuditEvent): string {
  const what = ACTIONS[event.action] ?? event.action;
  if (event.action === 'edited' && Array.isArray(event.detail.sections)) return `${what} ${(event.detail.sections as string[]).join(', ')}`;
  if (event.action === 'status_changed') return `${what} från ${String(event.detail.from)} till ${String(event.detail.to)}${event.detail.override ? ` (undantag: ${String(event.detail.override)})` : ''}`;
  return what;
}

export function AuditDialog({ documentId, onClose }: { documentId: string; onClose(): void }) {
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ events: AuditEvent[] }>('GET', `/api/documents/${documentId}/audit`).then(
      (result) => setEvents(result.events),
      (caught: unknown) => setError(caught instanceof ApiError ? caught.message : 'Loggen kunde inte hämtas.'),
    );
  }, [documentId]);
  return (
    <ModalDialog title="Logg" wide onClose={onClose}>
      {error && <p role="alert">{error}</p>}
      {events === null && !error && <p>Hämtar loggen…</p>}
      <ol className="audit-log">
        {(events ?? []).map((event) => (
          <li key={event.id}>
            <time dateTime={event.at}>{new Date(event.at).toLocaleString('sv-SE')}</time> {event.userName ?? 'Systemet'} {describe(event)}
          </li>
        ))}
      </ol>
    </ModalDialog>
  );
}
