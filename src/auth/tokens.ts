import { createHash, randomBytes } from 'node:crypto';

/** A secret for an emailed link (reset a password, confirm an address); only its hash is stored. */
export const newLinkToken = (): string => randomBytes(32).toString('base64url');

/** The hash stored for a link's secret, looked up when the link is opened. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
