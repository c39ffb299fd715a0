/** What services use to tell connected browsers about a change, after the transaction commits. */
export interface Realtime {
  /** Sends to everyone in `room` except those also in one of the `except` rooms. */
  emitToRoom(room: string, event: string, payload: Record<string, unknown>, except?: string[]): void;
}

/** For apps without sockets (tests, scripts): events go nowhere. */
export const noRealtime: Realtime = {
  emitToRoom() {},
};

export interface RecordedEvent {
  room: string;
  event: string;
  payload: Record<string, unknown>;
  except?: string[];
}

/** Keeps every event in memory, for tests that check what would have been sent. */
export function createMemoryRealtime(): Realtime & { events: RecordedEvent[] } {
  const events: RecordedEvent[] = [];
  return {
    events,
    emitToRoom(room, event, payload, except) {
      events.push({ room, event, payload, ...(except?.length ? { except } : {}) });
    },
  };
}

interface Broadcast {
  emit(event: string, payload: unknown): unknown;
  except(rooms: string[]): Broadcast;
}

/** Delivers through anything shaped like a Socket.io server (`io.to(room).except(rooms).emit(...)`). */
export function createSocketRealtime(io: { to(room: string): Broadcast }): Realtime {
  return {
    emitToRoom(room, event, payload, except) {
      const target = io.to(room);
      (except?.length ? target.except(except) : target).emit(event, payload);
    },
  };
}
