/**
 * Small hooks that read shared state from Yjs; components only render what these return.
 */
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { readAwarenessState } from '../../shared/protocol/awareness';

/** The current value of a Y.Map as a plain object, re-rendering on every change (deep). */
export function useYMap<T = unknown>(map: Y.Map<T> | null): Record<string, T> {
  const [snapshot, setSnapshot] = useState<Record<string, T>>(() => (map ? (map.toJSON() as Record<string, T>) : {}));
  useEffect(() => {
    if (!map) return;
    const update = () => setSnapshot(map.toJSON() as Record<string, T>);
    update();
    map.observeDeep(update);
    return () => map.unobserveDeep(update);
  }, [map]);
  return snapshot;
}

export interface PresentUser {
  clientId: number;
  id: string;
  name: string;
  color: string;
  party: string | null;
  role: string | null;
  section: string | null;
  isSelf: boolean;
}

/**
 * Everyone's presence, read through the shared awareness schema: a state that does not fit it
 * (whatever another client sent) is skipped, never rendered.
 */
function readUsers(awareness: Awareness): PresentUser[] {
  const users: PresentUser[] = [];
  awareness.getStates().forEach((raw, clientId) => {
    const state = readAwarenessState(raw);
    const user = state?.user;
    if (!state || !user?.name) return;
    users.push({
      clientId,
      id: user.id ?? String(clientId),
      name: user.name,
      color: user.color ?? '#555555',
      party: user.party ?? null,
      role: user.role ?? null,
      section: state.section ?? null,
      isSelf: clientId === awareness.clientID,
    });
  });
  return users;
}

function samePresentUser(a: PresentUser, b: PresentUser): boolean {
  return (
    a.clientId === b.clientId &&
    a.id === b.id &&
    a.name === b.name &&
    a.color === b.color &&
    a.party === b.party &&
    a.role === b.role &&
    a.section === b.section &&
    a.isSelf === b.isSelf
  );
}

/**
 * Who is here: one entry per person (several tabs of one person count once). Awareness changes
 * with every caret move, here and elsewhere; the list (and the page that shows it) only changes
 * when someone comes, goes or moves to another section.
 */
export function useAwarenessUsers(awareness: Awareness | null): PresentUser[] {
  const [users, setUsers] = useState<PresentUser[]>([]);
  useEffect(() => {
    if (!awareness) return;
    const update = () => {
      const byPerson = new Map<string, PresentUser>();
      for (const user of readUsers(awareness)) {
        const known = byPerson.get(user.id);
        if (!known || user.isSelf) byPerson.set(user.id, user);
      }
      const next = [...byPerson.values()].sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name, 'sv'));
      setUsers((previous) =>
        previous.length === next.length && previous.every((user, index) => samePresentUser(user, next[index]!)) ? previous : next,
      );
    };
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [awareness]);
  return users;
}
