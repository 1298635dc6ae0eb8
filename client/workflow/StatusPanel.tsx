/**
 * Where the document is in the workflow, the next step, and what is still missing before the
 * arbetsutskott — each missing item links to its section or field.
 */
import { useState } from 'react';
import { DOCUMENT_STATUSES, isDocumentStatus, isMeetingStep, statusLabel, type DocumentStatus } from '../../shared/model/status';
import type { CompletenessIssue } from '../../shared/model/completeness';
import { api, ApiError } from '../app/api';
import { FOCUS_SECTION_EVENT } from '../editor/focusSection';

const ORDER = DOCUMENT_STATUSES.map((status) => status.key);

/** Takes the user to what is missing: the caret into the section, or focus on the field. */
function focusIssue(issue: CompletenessIssue): void {
  // A section's open suggestions are in its text: go there (the review panel lists them too).
  if (issue.kind === 'section' || issue.kind === 'suggestions') {
    window.dispatchEvent(new CustomEvent(FOCUS_SECTION_EVENT, { detail: issue.key }));
    return;
  }
  const target = document.querySelector<HTMLElement>(`[name="${issue.key}"]`);
  target?.scrollIntoView({ block: 'center' });
  target?.focus();
}

export function IssueList({ issues }: { issues: CompletenessIssue[] }) {
  return (
    <ul className="issue-list">
      {issues.map((issue) => (
        <li key={`${issue.kind}:${issue.key}`}>
          <a
            href={issue.kind === 'field' ? '#' : `#avsnitt-${issue.key}`}
            onClick={(event) => {
              event.preventDefault();
              focusIssue(issue);
            }}
          >
            {issue.message}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function StatusPanel({
  documentId,
  status,
  issues,
  canChange,
  isAdmin,
  runsMeetings = true,
}: {
  documentId: string;
  status: string;
  issues: CompletenessIssue[];
  canChange: boolean;
  isAdmin: boolean;
  /** A nämndsekreterare (or administrator): takes the meeting's steps, to and from behandlad and justerad. */
  runsMeetings?: boolean;
}) {
  const [refused, setRefused] = useState<{ message: string; issues: CompletenessIssue[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const current = isDocumentStatus(status) ? status : 'utkast';
  const following = ORDER[ORDER.indexOf(current) + 1] as DocumentStatus | undefined;
  // The server decides (server/auth/namndRoles.ts); this only offers the steps it accepts of this person.
  const next = following && (runsMeetings || !isMeetingStep(current, following)) ? following : undefined;
  const mayGoBack = runsMeetings || !isMeetingStep(current, 'utkast');

  const move = async (to: DocumentStatus, override?: string) => {
    setBusy(true);
    setRefused(null);
    try {
      await api('POST', `/api/documents/${documentId}/status`, { status: to, override });
    } catch (caught) {
      if (caught instanceof ApiError) {
        const details = caught.details as { issues?: CompletenessIssue[] } | undefined;
        setRefused({ message: caught.message, issues: details?.issues ?? [] });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="status-panel" aria-labelledby="status-heading">
      <h2 id="status-heading">Status: {statusLabel(current)}</h2>
      {canChange && next && current !== 'justerad' && (
        <button type="button" disabled={busy} onClick={() => void move(next)}>
          Till {statusLabel(next).toLowerCase()}
        </button>
      )}
      {canChange && mayGoBack && (current === 'granskning' || current === 'klar_for_au' || current === 'behandlad') && (
        <button type="button" className="link-button" disabled={busy} onClick={() => void move('utkast')}>
          Tillbaka till utkast
        </button>
      )}
      {current === 'justerad' && <p className="muted">Justerat: dokumentet kan inte längre ändras.</p>}
      {current === 'justerad' && isAdmin && (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            const reason = window.prompt('Varför öppnas det justerade dokumentet igen?');
            if (reason) void move('behandlad', reason);
          }}
        >
          Öppna igen (administratör)
        </button>
      )}
      {refused && (
        <div className="status-refused" role="alert">
          <p>{refused.issues.length > 0 ? 'Dokumentet är inte klart för arbetsutskottet. Det här saknas:' : refused.message}</p>
          <IssueList issues={refused.issues} />
        </div>
      )}
      {!refused && current !== 'justerad' && issues.length > 0 && (
        <details className="checklist">
          <summary>Kvar att göra före arbetsutskottet ({issues.length})</summary>
          <IssueList issues={issues} />
        </details>
      )}
      {!refused && current !== 'justerad' && issues.length === 0 && <p className="ok-note">Alla obligatoriska delar är ifyllda.</p>}
    </section>
  );
}
