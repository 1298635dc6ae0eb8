/**
 * The rooms of this process, by name. Never two in-memory copies of one room: a room that is
 * unloading is finished (flushed, destroyed) before a new copy is loaded for a new connection.
 */
import type { YttraErrorCode } from '../../shared/protocol/messages';
import type { SyncPrincipal } from './access';
import type { Room } from './room';
import type { RoomConnection } from './roomConnection';

export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly unloads = new Map<string, Promise<void>>();
  private closing = false;

  constructor(
    private readonly createRoom: (name: string) => Room,
    /** Told when this process's copy of a room is gone (unloaded, failed to load): its lease may go. */
    private readonly onGone: (name: string) => void = () => undefined,
  ) {}

  /** Whether this process serves the room (loaded or loading; not unloading). */
  serves(name: string): boolean {
    return this.rooms.has(name);
  }

  /** Whether this process has the room, loaded, loading or still unloading. */
  holds(name: string): boolean {
    return this.rooms.has(name) || this.unloads.has(name);
  }

  /**
   * Unloads the room now, closing its connections with `code` (another instance took it over,
   * or asks for it): its clients reconnect and reach whoever owns it then.
   */
  evict(name: string, code: number, reason: string): Promise<void> {
    const room = this.rooms.get(name);
    if (!room) return this.unloads.get(name) ?? Promise.resolve();
    this.rooms.delete(name);
    return this.track(room, room.unload(code, reason));
  }

  private track(room: Room, unloading: Promise<void>): Promise<void> {
    const unload = unloading.finally(() => {
      if (this.unloads.get(room.name) === unload) this.unloads.delete(room.name);
      if (!this.holds(room.name)) this.onGone(room.name);
    });
    this.unloads.set(room.name, unload);
    return unload;
  }

  /**
   * Joins `connection` to the room, loading it if needed. The join happens synchronously with
   * the lookup, so a room cannot start unloading between the two. Resolves when the room is
   * active; rejects if it failed to load (the connection has then been closed by the room).
   */
  async join(name: string, connection: RoomConnection): Promise<Room> {
    if (this.closing) throw new Error('server is shutting down');
    for (let pending = this.unloads.get(name); pending; pending = this.unloads.get(name)) {
      await pending;
    }
    let room = this.rooms.get(name);
    if (!room) {
      const created = this.createRoom(name);
      room = created;
      this.rooms.set(name, created);
      created.whenLoaded().catch(() => {
        if (this.rooms.get(name) === created) this.rooms.delete(name);
        if (!this.holds(name)) this.onGone(name);
      });
    }
    room.join(connection);
    await room.whenLoaded();
    return room;
  }

  /** The room's callback when its last connection has left. */
  readonly onEmpty = (room: Room): void => {
    if (this.rooms.get(room.name) !== room) return;
    this.rooms.delete(room.name);
    void this.track(room, room.unload());
  };

  /**
   * Runs `task` with the room loaded, holding it open meanwhile (for API calls that read or
   * change a document nobody has open).
   */
  async use<T>(name: string, task: (room: Room) => Promise<T> | T): Promise<T> {
    const lease = new ServerLease();
    const room = await this.join(name, lease);
    try {
      return await task(room);
    } finally {
      room.leave(lease);
    }
  }

  /** The live room, if loaded and active (for metrics and tests). */
  get(name: string): Room | undefined {
    const room = this.rooms.get(name);
    return room?.state === 'active' ? room : undefined;
  }

  get size(): number {
    return this.rooms.size;
  }

  /** Closes every connection and flushes every room. */
  async closeAll(code: number, reason: string): Promise<void> {
    this.closing = true;
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    await Promise.all([...rooms.map((room) => room.unload(code, reason)), ...this.unloads.values()]);
  }
}

/** A connection that is the server itself, holding a room open for an API call. */
class ServerLease implements RoomConnection {
  readonly principal: SyncPrincipal = { userId: 'server', name: 'Yttra', access: 'write', verified: true };
  readonly awarenessClients = new Set<number>();
  wantsAcks = false;
  acknowledgedFrames = 0;
  send(): void {}
  refuse(_code: YttraErrorCode, message: string): void {
    throw new Error(`server change refused: ${message}`);
  }
  close(): void {}
}
