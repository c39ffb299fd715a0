import { DateTime } from 'luxon';

/** Years a certificate record is kept for CE record-keeping, even after the account is deleted. */
export const RETENTION_YEARS = 7;

/** CEUs are contact hours divided by ten, shown with one decimal ("1.5"). */
export function ceusOf(contactHours: number): string {
  return (contactHours / 10).toFixed(1);
}

/** "1.5 CEUs (15 contact hours / PDHs)" from the course's contact hours. */
export function creditsLine(contactHours: number): string {
  const ceus = ceusOf(contactHours);
  return `${ceus} ${ceus === '1.0' ? 'CEU' : 'CEUs'} (${contactHours} contact ${contactHours === 1 ? 'hour' : 'hours'} / PDHs)`;
}

export function retainUntil(issuedAt: Date): Date {
  return DateTime.fromJSDate(issuedAt).plus({ years: RETENTION_YEARS }).toJSDate();
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Base32 (Crockford alphabet: no I, L, O or U) of the bytes, 5 bits per character. */
export function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += CROCKFORD[(value << (5 - bits)) & 31];
  return out;
}

/** What a person typed as a code, normalised: case, spaces and dashes ignored; O read as 0, I and L as 1. */
export function normaliseCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export function looksLikeCode(code: string): boolean {
  return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(code);
}
