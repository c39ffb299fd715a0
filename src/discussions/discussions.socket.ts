import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { Server, Socket } from 'socket.io';
import type { Db } from '../db';
import { isStaff } from '../enrolment';
import type { Logger } from '../lib/logger';
import { NotFoundError } from '../lib/errors';
import { parseId } from '../lib/http';
import { accountRoom } from '../lib/realtime';
import { openBoard, openThread } from './board.service';
import { findActiveUser } from './discussions.repository';
import { threadStaffRoom, userRoom } from './discussions.types';

/** The rooms a client asks for by name (a thread, a week's board), and so the only ones it may leave. */
const LEAVABLE_ROOM = /^(thread:\d+|board:\d+:\d+)$/;

type JoinAnswer = { ok: true } | { ok: false; error: string };

interface RequestWithSession extends IncomingMessage {
  session?: { passport?: { user?: unknown }; reload(done: (err?: unknown) => void): void };
}

/**
 * The user id of the socket's login session, read again from the store at each join, so a
 * socket whose login has ended (logout, expiry) is refused even though it is still connected.
 */
async function currentUserId(socket: Socket): Promise<unknown> {
  const req = socket.request as RequestWithSession;
  if (!req.session) return undefined;
  const reloaded = await new Promise<boolean>((resolve) => req.session!.reload((err) => resolve(!err)));
  return reloaded ? req.session?.passport?.user : undefined;
}

/**
 * Checks a room name against the same rules as the pages. Resolves to the rooms to join, or
 * none if the user may not read it: a thread's readers also join their own user room, and its
 * staff the thread's staff room, for the versions of a post only they may see.
 */
async function roomsToJoin(db: Db, socket: Socket, room: unknown): Promise<string[]> {
  if (typeof room !== 'string') return [];
  const userId = await currentUserId(socket);
  if (typeof userId !== 'number') return [];
  const user = await findActiveUser(db, userId);
  if (!user) return [];
  const thread = /^thread:(\d+)$/.exec(room);
  const board = /^board:(\d+):(\d+)$/.exec(room);
  try {
    if (thread) {
      const id = parseId(thread[1]);
      if (!id) return [];
      const ctx = await openThread(db, user, id);
      return [room, userRoom(user.id), ...(isStaff(ctx.access) ? [threadStaffRoom(id)] : [])];
    }
    if (board) {
      const sessionId = parseId(board[1]);
      const week = parseId(board[2]);
      if (!sessionId || !week) return [];
      // A board that asks learners to post first shows them no one else's activity until they have.
      const ctx = await openBoard(db, user, sessionId, week);
      return ctx.restricted ? [] : [room];
    }
  } catch (err) {
    if (err instanceof NotFoundError) return [];
    throw err;
  }
  return [];
}

/**
 * Live discussion updates. The socket shares the login session (same cookie, same store); a
 * client asks to join a thread or board room and is let in only where the pages would let it read.
 */
export function attachDiscussionSockets(io: Server, deps: { db: Db; sessionMiddleware: RequestHandler; logger?: Logger }): void {
  io.engine.use(deps.sessionMiddleware);
  io.on('connection', (socket) => {
    // So that a change of access can end this connection (Realtime.endSockets), on any instance.
    const userId = (socket.request as RequestWithSession).session?.passport?.user;
    if (typeof userId === 'number') void socket.join(accountRoom(userId));
    socket.on('discussion:join', (room: unknown, ack?: unknown) => {
      const answer = typeof ack === 'function' ? (ack as (a: JoinAnswer) => void) : () => undefined;
      roomsToJoin(deps.db, socket, room).then(
        async (rooms) => {
          if (!rooms.length) return answer({ ok: false, error: 'not-allowed' });
          await socket.join(rooms);
          answer({ ok: true });
        },
        (err) => {
          deps.logger?.error('socket join failed', { error: String(err) });
          answer({ ok: false, error: 'failed' });
        },
      );
    });
    socket.on('discussion:leave', (room: unknown) => {
      // Only a room it could ask to join: its account room is how a change of access ends this connection.
      if (typeof room === 'string' && LEAVABLE_ROOM.test(room)) void socket.leave(room);
    });
  });
}
