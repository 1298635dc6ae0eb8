/**
 * An owner's last steps with a document: a draft goes to the wastebasket (restorable from the
 * document list for 30 days), a document can be archived (read-only for everyone, out of the
 * default list) and taken out of the archive again. A decided document (behandlad, justerad)
 * belongs to the record: it is archived, never deleted — the server says so too.
 */
import { useState } from 'react';
import { api, ApiError } from '../app/api';
import { navigate } from '../app/router';

const DECIDED = new Set(['behandlad', 'justerad']);

export function LifecycleActions({
  documentId,
  status,
  archived,
  onArchivedChange,
}: {
  documentId: string;
  status: string;
  archived: boolean;
  onArchivedChange(archived: boolean): void;
}) {
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<void>, fallback: string) => {
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : fallback);
    }
  };

  const remove = () =>
    run(async () => {
      if (!window.confirm('Flytta dokumentet till papperskorgen? Du kan återställa det från dokumentlistan i 30 dagar.')) return;
      await api('DELETE', `/api/documents/${documentId}`);
      navigate('/');
    }, 'Dokumentet kunde inte tas bort.');
  const archive = () =>
    run(async () => {
      await api('POST', `/api/documents/${documentId}/archive`);
      onArchivedChange(true);
    }, 'Dokumentet kunde inte arkiveras.');
  const unarchive = () =>
    run(async () => {
      await api('POST', `/api/documents/${documentId}/unarchive`);
      onArchivedChange(false);
    }, 'Dokumentet kunde inte tas ur arkivet.');

  return (
    <>
      {archived ? (
        <button type="button" className="secondary" onClick={() => void unarchive()}>
          Ta ur arkivet
        </button>
      ) : (
        <>
          <button type="button" className="secondary" onClick={() => void archive()}>
            Arkivera
          </button>
          {!DECIDED.has(status) && (
            <button type="button" className="secondary danger" onClick={() => void remove()}>
              Ta bort
            </button>
          )}
        </>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
