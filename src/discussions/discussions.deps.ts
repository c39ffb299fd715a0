import type { Db } from '../db';
import type { Logger } from '../lib/logger';
import type { Realtime } from '../lib/realtime';
import type { Mailer } from '../notifications';

export interface DiscussionDeps {
  db: Db;
  mailer: Mailer;
  realtime: Realtime;
  baseUrl: string;
  logger?: Logger;
}
