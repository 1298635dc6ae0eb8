import type { SyncState } from '../sync/documentConnection';

const TEXT: Record<SyncState['kind'], string> = {
  connecting: 'Ansluter…',
  saving: 'Sparar…',
  saved: 'Sparat',
  offline: 'Offline – ändringar sparas lokalt',
  refused: 'Ingen anslutning',
};

export function SyncStatus({ state }: { state: SyncState }) {
  return (
    <p className={`sync-status sync-${state.kind}`} role="status" aria-live="polite" data-state={state.kind}>
      {state.kind === 'refused' ? state.message : TEXT[state.kind]}
    </p>
  );
}
