import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const urlString = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

/** A sender as mail headers write it: an address, or a display name and the address in angle brackets. */
const mailSender = z
  .string()
  .trim()
  .refine((value) => {
    // A line break here would let the value add headers of its own.
    if (/\p{Cc}/u.test(value)) return false;
    const named = /^([^<>]*)<([^<>]+)>$/.exec(value);
    return z.email().safeParse(named ? named[2] : value).success;
  }, 'must be an email address, alone or after a name, like courses@example.org or Kindred <courses@example.org>');

const positiveInt = (max: number) =>
  z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(max, `must be at most ${max}`);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { message: 'must be development, production or test' }).default('development'),
  PORT: z.coerce.number({ message: 'must be a port number' }).int('must be a port number').min(0, 'must be between 0 and 65535').max(65535, 'must be between 0 and 65535').default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: urlString(['postgres:', 'postgresql:']).optional(),
  DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  UPLOAD_DIR: z.string().min(1, 'must not be empty').optional(),
  BACKUP_DIR: z.string().min(1, 'must not be empty').optional(),
  BACKUP_KEEP: positiveInt(365).default(7),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters long').optional(),
  SESSION_IDLE_MINUTES: positiveInt(60 * 24 * 30).default(120),
  SMTP_URL: urlString(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: mailSender.default('Kindred <no-reply@kindred.local>'),
  BASE_URL: urlString(['http:', 'https:']).optional(),
  TRUST_PROXY: booleanString.default(false),
  SEED_DEMO: booleanString.optional(),
  LOGIN_RATE_LIMIT: positiveInt(100000).default(10),
  REGISTER_RATE_LIMIT: positiveInt(100000).default(5),
  RATE_LIMIT_WINDOW_MINUTES: positiveInt(24 * 60).default(15),
  LOG_REQUESTS: booleanString.default(false),
  CONTACT_EMAIL: z.string().trim().email('must be an email address, like help@example.org').optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  uploadDir: string;
  /** Where the embedded database's nightly backups go, and how many are kept. */
  backups: { dir: string; keep: number };
  sessionSecret: string;
  sessionIdleMinutes: number;
  smtpUrl?: string;
  mailFrom: string;
  baseUrl: string;
  trustProxy: boolean;
  seedDemo: boolean;
  rateLimits: { login: number; register: number; windowMinutes: number };
  logRequests: boolean;
  /** Where learners can write for help; shown in the footer and wherever a page says "contact us". */
  contactEmail?: string;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once; every bad variable gets one line naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const got = present[name];
      // JSON quoting writes a line break in the value as \n, so each problem stays on its line.
      const shown = name === 'SESSION_SECRET' || got === undefined ? '' : ` (got ${JSON.stringify(String(got).slice(0, 60))})`;
      return `${name} ${issue.message}${shown}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) {
    throw new ConfigError(['SESSION_SECRET is required in production (at least 32 random characters)']);
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    uploadDir: path.resolve(e.UPLOAD_DIR ?? path.join(dataDir, 'uploads')),
    backups: { dir: path.resolve(e.BACKUP_DIR ?? path.join(dataDir, 'backups')), keep: e.BACKUP_KEEP },
    sessionSecret: e.SESSION_SECRET ?? localSessionSecret(dataDir),
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    trustProxy: e.TRUST_PROXY,
    seedDemo: e.SEED_DEMO ?? e.NODE_ENV !== 'production',
    rateLimits: { login: e.LOGIN_RATE_LIMIT, register: e.REGISTER_RATE_LIMIT, windowMinutes: e.RATE_LIMIT_WINDOW_MINUTES },
    logRequests: e.LOG_REQUESTS,
    contactEmail: e.CONTACT_EMAIL,
  };
}

/** Outside production a secret is made once and kept in DATA_DIR, so logins survive restarts. */
function localSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('hex');
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
