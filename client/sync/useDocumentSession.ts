/**
 * Opens a room for the lifetime of a component: Y.Doc, offline copy in IndexedDB, connection.
 * Resolves `ready` after the first sync with the server (or with the offline copy when the
 * server cannot be reached), so nothing is ever typed into an empty, unsynced document.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { DocumentConnection, type SyncState } from './documentConnection';

/** The sync state now, and a way to follow it (useSyncState). */
export interface SyncStateStore {
  get(): SyncState;
  subscribe(listener: () => void): () => void;
}

/**
 * The session object changes only when it becomes ready: every keystroke passes through "Sparar…"
 * and "Sparat", and that is for the components that show the sync state (useSyncState) to render,
 * not for the whole editor page that holds the session.
 */
export interface DocumentSession {
  doc: Y.Doc;
  connection: DocumentConnection;
  syncState: SyncStateStore;
  ready: boolean;
}

function syncStateStore(initial: SyncState): SyncStateStore & { set(state: SyncState): void } {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      state = next;
      listeners.forEach((listener) => listener());
    },
  };
}

const NO_STORE: SyncStateStore = { get: () => ({ kind: 'connecting' }), subscribe: () => () => {} };

/** A session's sync state, re-rendering the caller (only) when it changes. */
export function useSyncState(session: DocumentSession | null): SyncState {
  const store = session?.syncState ?? NO_STORE;
  return useSyncExternalStore(store.subscribe, store.get);
}

export function syncUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}

/** A refusal within this long after the last reload for it does not reload again. */
const RELOAD_GUARD_MS = 60_000;

/** True when this tab reloaded this room for a refusal a moment ago; otherwise notes a reload now. */
function reloadedRecently(room: string): boolean {
  const key = `yttra:reloaded-after-refusal:${room}`;
  try {
    const last = Number(sessionStorage.getItem(key) ?? 0);
    if (Date.now() - last < RELOAD_GUARD_MS) return true;
    sessionStorage.setItem(key, String(Date.now()));
    return false;
  } catch {
    // No session storage (a locked-down browser): never reload automatically rather than loop.
    return true;
  }
}

export function useDocumentSession(room: string | null, options: { offlineCopy: boolean }): DocumentSession | null {
  const [session, setSession] = useState<DocumentSession | null>(null);
  useEffect(() => {
    if (!room) return;
    const doc = new Y.Doc();
    const offline = options.offlineCopy ? new IndexeddbPersistence(`yttra:${room}`, doc) : null;
    let current: DocumentSession;
    const update = (changes: Partial<DocumentSession>) => {
      current = { ...current, ...changes };
      setSession(current);
    };
    const syncState = syncStateStore({ kind: 'connecting' });
    const connection = new DocumentConnection({
      serverUrl: syncUrl(),
      room,
      doc,
      onState: (state) => {
        syncState.set(state);
        if (!current.ready && (state.kind === 'saved' || state.kind === 'saving')) update({ ready: true });
      },
      onRefused: () => {
        // The server refused a change this copy holds: start again from the server's copy, once.
        // If the fresh copy is refused again at once, another reload would only loop (in every
        // open tab); the sync status shows the server's reason instead.
        if (reloadedRecently(room)) return;
        if (offline) void offline.clearData().finally(() => location.reload());
        else location.reload();
      },
    });
    syncState.set(connection.state);
    current = { doc, connection, syncState, ready: false };
    setSession(current);
    // Offline, the local copy is what there is: let the user work in it.
    offline?.once('synced', () => {
      if (!connection.provider.synced && connection.provider.doc.getXmlFragment('body').length > 0) {
        setTimeout(() => {
          if (!current.ready && !connection.provider.wsconnected) update({ ready: true });
        }, 3000);
      }
    });
    return () => {
      connection.destroy();
      void offline?.destroy();
      doc.destroy();
      setSession(null);
    };
  }, [room, options.offlineCopy]);
  return session;
}
