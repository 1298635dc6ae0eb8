/**
 * Tells an editor that the organisation's template has a newer version than the one this
 * document was made from, shows what moving to it would do (the server's report) and moves the
 * document when asked. The document keeps its structure until then.
 */
import { useState } from 'react';
import type { TemplateRef } from '../../shared/model';
import { api, ApiError } from '../app/api';
import { ModalDialog } from '../app/ModalDialog';
import { useActiveTemplates } from '../app/templates';

interface MigrationReport {
  to: TemplateRef & { name: string };
  messages: string[];
}

export function TemplateVersionNotice({ documentId, current, canMove }: { documentId: string; current: TemplateRef; canMove: boolean }) {
  const packs = useActiveTemplates()?.packs;
  const [report, setReport] = useState<MigrationReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [moved, setMoved] = useState<number | null>(null);
  const newest = packs?.find((pack) => pack.id === current.pack);
  if (!canMove || !newest || newest.version <= current.version || moved === newest.version) return null;

  const show = async () => {
    setError(null);
    try {
      const result = await api<{ report: MigrationReport }>('GET', `/api/documents/${documentId}/template-migration`);
      setReport(result.report);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Rapporten kunde inte hämtas.');
    }
  };
  const move = async () => {
    if (!report) return;
    setError(null);
    try {
      await api('POST', `/api/documents/${documentId}/template-migration`, { pack: report.to.pack, version: report.to.version });
      setMoved(report.to.version);
      setReport(null);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Dokumentet kunde inte flyttas till den nya mallversionen.');
    }
  };

  return (
    <div className="template-notice" role="status">
      <span>
        Mallen {newest.name} har en nyare version ({newest.version}) än den dokumentet gjordes från ({current.version}).
      </span>
      <button type="button" className="secondary" onClick={() => void show()}>
        Visa vad som ändras
      </button>
      {error && !report && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <ModalDialog
          title={`Flytta till version ${report.to.version} av ${report.to.name}`}
          onClose={() => setReport(null)}
          actions={
            <>
              <button type="button" className="secondary" onClick={() => setReport(null)}>
                Avbryt
              </button>
              <button type="button" onClick={() => void move()}>
                Flytta dokumentet
              </button>
            </>
          }
        >
          <ul className="migration-report">
            {report.messages.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </ModalDialog>
      )}
    </div>
  );
}
