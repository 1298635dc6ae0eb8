import type { RoomConnection } from '../../server/sync/roomConnection';

/**
 * A writer's connection for tests of a room's own machinery: it records how the room closed it,
 * and a refusal fails the test (the rooms under test accept every change).
 */
export function testWriter(): RoomConnection & { closedWith: { code: number; reason: string } | null } {
  return {
    principal: { userId: 'u1', name: 'Ada', access: 'write', verified: true },
    awarenessClients: new Set(),
    wantsAcks: false,
    acknowledgedFrames: 0,
    closedWith: null,
    send() {},
    refuse(_code, message) {
      throw new Error(`refused: ${message}`);
    },
    close(code, reason) {
      this.closedWith = { code, reason };
    },
  };
}
