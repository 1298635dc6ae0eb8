/**
 * The document's audit log, for its owner: who opened, changed, shared, exported it, and the
 * changes of groups, administrators and the ärende that decide who may read it.
 */
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
  cosigner_invited: 'bjöd in en medundertecknare',
  cosigner_confirmed: 'bekräftade att hen undertecknar bilagan',
  cosigner_declined: 'avböjde att underteckna bilagan',
  imported: 'importerade dokumentet',
  reopened: 'öppnade det justerade dokumentet igen',
  exported: 'exporterade dokumentet',
  member_added: 'lade till en medlem i en grupp',
  member_removed: 'tog bort en medlem ur en grupp',
  group_created: 'skapade gruppen',
  user_created: 'skapade ett konto',
  user_changed: 'ändrade ett konto',
  arende_registered: 'registrerade ärendet',
  arende_changed: 'ändrade ärendet',
  arende_set: 'flyttade dokumentet till ett annat ärende',
  document_attached: 'lade ett dokument i ärendet',
  document_detached: 'tog ett dokument ur ärendet',
};

const ACCOUNT_FIELDS: Record<string, string> = {
  isAdmin: 'administratör',
  disabled: 'avstängd',
  name: 'namn',
  title: 'titel',
  party: 'parti',
};

function shown(value: unknown): string {
  if (value === true) return 'ja';
  if (value === false) return 'nej';
  if (value === null || value === undefined || value === '') return '–';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function describe(event: AuditEvent): string {
  const what = ACTIONS[event.action] ?? event.action;
  if (event.action === 'edited' && Array.isArray(event.detail.sections) && event.detail.sections.length > 0)
    return `${what} ${(event.detail.sections as string[]).join(', ')}`;
  if (event.action === 'edited') return `${what} dokumentet`;
  if (event.action === 'cosigner_invited') return `bjöd in ${shown(event.detail.cosignerName)} att underteckna`;
  if (event.action === 'exported') return `${what} som ${shown(event.detail.format)}${event.detail.version ? ' (en sparad version)' : ''}`;
  if (event.action === 'member_added' || event.action === 'member_removed') {
    return `${event.action === 'member_added' ? 'lade till' : 'tog bort'} ${shown(event.detail.memberName)} ${event.action === 'member_added' ? 'i' : 'ur'} ${shown(event.detail.groupName)}`;
  }
  if (event.action === 'user_changed' && typeof event.detail.after === 'object' && event.detail.after) {
    const changes = Object.entries(event.detail.after as Record<string, unknown>).map(
      ([key, value]) => `${ACCOUNT_FIELDS[key] ?? key}: ${shown(value)}`,
    );
    return `${what} (${shown(event.detail.name)}: ${changes.join(', ')})`;
  }
  if (event.action === 'arende_changed' && typeof event.detail.after === 'object' && event.detail.after) {
    return `${what}: ${Object.keys(event.detail.after as Record<string, unknown>).join(', ')}`;
  }
  if (event.action === 'status_changed')
    return `${what} från ${String(event.detail.from)} till ${String(event.detail.to)}${event.detail.override ? ` (undantag: ${String(event.detail.override)})` : ''}`;
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
