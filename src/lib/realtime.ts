/** What services use to tell connected browsers about a change, after the transaction commits. */
export interface Realtime {
  /** Sends to everyone in `room` except those also in one of the `except` rooms. */
  emitToRoom(room: string, event: string, payload: Record<string, unknown>, except?: string[]): void;
  /**
   * Ends every live connection of these accounts, on every instance. Called after a change that
   * may take away what they could read (a withdrawal, a cancelled session, a new role, a
   * deactivation, a logout): browsers connect again and are let back only into the rooms the
   * pages still allow. Until then a socket would keep receiving the rooms it had joined.
   */
  endSockets(userIds: number[]): void;
}

/** The room every socket of a logged-in account is in from its handshake; clients cannot ask for it. */
export const accountRoom = (userId: number) => `account:${userId}`;

/** For apps without sockets (tests, scripts): events go nowhere. */
export const noRealtime: Realtime = {
  emitToRoom() {},
  endSockets() {},
};

export interface RecordedEvent {
  room: string;
  event: string;
  payload: Record<string, unknown>;
  except?: string[];
}

/** Keeps every event (and every account whose sockets were ended) in memory, for tests. */
export function createMemoryRealtime(): Realtime & { events: RecordedEvent[]; ended: number[] } {
  const events: RecordedEvent[] = [];
  const ended: number[] = [];
  return {
    events,
    ended,
    emitToRoom(room, event, payload, except) {
      events.push({ room, event, payload, ...(except?.length ? { except } : {}) });
    },
    endSockets(userIds) {
      ended.push(...userIds);
    },
  };
}

interface Broadcast {
  emit(event: string, payload: unknown): unknown;
  except(rooms: string[]): Broadcast;
}

/** Delivers through anything shaped like a Socket.io server (`io.to(room).except(rooms).emit(...)`). */
export function createSocketRealtime(io: { to(room: string): Broadcast; in(rooms: string[]): { disconnectSockets(close?: boolean): void } }): Realtime {
  return {
    emitToRoom(room, event, payload, except) {
      const target = io.to(room);
      (except?.length ? target.except(except) : target).emit(event, payload);
    },
    endSockets(userIds) {
      if (userIds.length) io.in(userIds.map(accountRoom)).disconnectSockets(true);
    },
  };
}
