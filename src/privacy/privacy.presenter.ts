import { RETENTION_YEARS } from '../certificates';
import type { Config } from '../config';
import { minutesInWords } from '../lib/wording';

/** The figures the privacy page states, each read from the setting or rule that decides it. */
export interface PrivacyFacts {
  certificateYears: number;
  /** How long a login lasts unused. */
  loginIdle: string;
  /** How long a network address is counted against repeated attempts to log in or register. */
  attemptWindow: string;
  /** Nights of backups the app keeps itself; undefined when it makes none (PostgreSQL without pg_dump here). */
  backupNights?: number;
  contactEmail?: string;
}

export function privacyFacts(
  config: Pick<Config, 'sessionIdleMinutes' | 'rateLimits' | 'backups' | 'contactEmail'>,
  appKeepsBackups: boolean,
): PrivacyFacts {
  return {
    certificateYears: RETENTION_YEARS,
    loginIdle: minutesInWords(config.sessionIdleMinutes),
    attemptWindow: minutesInWords(config.rateLimits.windowMinutes),
    backupNights: appKeepsBackups ? config.backups.keep : undefined,
    contactEmail: config.contactEmail,
  };
}
