/** Who is working in a document right now, read from its live room's awareness. */
import type { RoomRegistry } from '../sync/roomRegistry';
import { bodyRoom } from '../sync/roomNames';

export interface PresentPerson {
  name: string;
  party: string | null;
}

/**
 * The people connected to the document's room, once each (one person may have several tabs).
 * Only a room that is already live is asked: a listing must not load documents nobody has open.
 * The `user` field is trusted because the server stamps it on every awareness state.
 */
export function peopleIn(registry: RoomRegistry, documentId: string): PresentPerson[] {
  const room = registry.get(bodyRoom(documentId));
  if (!room) return [];
  const people = new Map<string, PresentPerson>();
  for (const state of room.awareness.getStates().values()) {
    const user = (state as { user?: { id?: string; name?: string; party?: string | null } }).user;
    if (user?.id && user.name) people.set(user.id, { name: user.name, party: user.party ?? null });
  }
  return [...people.values()].sort((a, b) => a.name.localeCompare(b.name, 'sv'));
}
