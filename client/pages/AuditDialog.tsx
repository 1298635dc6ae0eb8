/**
 * The document's audit log, for its owner: who opened, changed, shared, exported it, and the
 * changes of groups, administrators and the ärende that decide who may read it. The server words
 * each event, naming sections and fields as the document's template does, in the order they
 * happened (server/audit/auditWords.ts); this shows when and who beside it.
 */
import { useEffect, useState } from 'react';
import { api, ApiError } from '../app/api';
import { ModalDialog } from '../app/ModalDialog';

interface AuditEvent {
  id: number;
  at: string;
  action: string;
  userName: string | null;
  /** The event in words, following the person's name ("ändrade Sammanfattning"). */
  text?: string;
}

const WHEN = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeStyle: 'short' });

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
      {events?.length === 0 && <p>Loggen är tom.</p>}
      <ol className="audit-log">
        {(events ?? []).map((event) => (
          <li key={event.id}>
            <time dateTime={event.at}>{WHEN.format(new Date(event.at))}</time> <strong>{event.userName ?? 'Systemet'}</strong>{' '}
            {event.text ?? event.action}
          </li>
        ))}
      </ol>
    </ModalDialog>
  );
}
