import { useEffect, useState } from 'react';
import type { SyncState } from '../sync/documentConnection';
import { useSyncState, type DocumentSession } from '../sync/useDocumentSession';

const TEXT: Record<SyncState['kind'], string> = {
  connecting: 'Ansluter…',
  saving: 'Sparar…',
  saved: 'Sparat',
  offline: 'Offline – ändringar sparas lokalt',
  refused: 'Ingen anslutning',
};

/** Seconds until the next automatic attempt, ticking while there is one. */
function useSecondsUntil(at: number | undefined): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === undefined) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [at]);
  return at === undefined ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * The sync status, and while the server cannot be reached, when the next attempt comes and a way
 * to try at once. The countdown stays outside the live region so a screen reader is not told
 * every second.
 */
export function SyncStatus({ session }: { session: DocumentSession }) {
  const state = useSyncState(session);
  const onRetry = () => session.connection.retryNow();
  const seconds = useSecondsUntil(state.kind === 'offline' ? state.retryAt : undefined);
  return (
    <>
      <p className={`sync-status sync-${state.kind}`} role="status" aria-live="polite" data-state={state.kind}>
        {state.kind === 'refused' ? state.message : TEXT[state.kind]}
      </p>
      {state.kind === 'offline' && (
        <span className="sync-retry">
          {seconds !== null && seconds > 0 && <span className="muted">Försöker igen om {seconds} s. </span>}
          <button type="button" className="link-button" onClick={onRetry}>
            Försök igen nu
          </button>
        </span>
      )}
    </>
  );
}
