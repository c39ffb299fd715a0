/** What services use to tell connected browsers about a change, after the transaction commits. */
export interface Realtime {
  emitToRoom(room: string, event: string, payload: Record<string, unknown>): void;
}

/** For apps without sockets (tests, scripts): events go nowhere. */
export const noRealtime: Realtime = {
  emitToRoom() {},
};

export interface RecordedEvent {
  room: string;
  event: string;
  payload: Record<string, unknown>;
}

/** Keeps every event in memory, for tests that check what would have been sent. */
export function createMemoryRealtime(): Realtime & { events: RecordedEvent[] } {
  const events: RecordedEvent[] = [];
  return {
    events,
    emitToRoom(room, event, payload) {
      events.push({ room, event, payload });
    },
  };
}

/** Delivers through anything shaped like a Socket.io server (`io.to(room).emit(...)`). */
export function createSocketRealtime(io: { to(room: string): { emit(event: string, payload: unknown): unknown } }): Realtime {
  return {
    emitToRoom(room, event, payload) {
      io.to(room).emit(event, payload);
    },
  };
}
