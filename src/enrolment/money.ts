/** Money is kept as an integer count of the currency's minor unit (cents, pence), never a float. */
export interface Money {
  minor: number;
  currency: string;
}

export const CURRENCIES = ['USD', 'CAD', 'GBP', 'EUR', 'AUD', 'NZD'] as const;

// Building an Intl formatter (and asking it its options) is costly; pages format many prices,
// so keep one per currency, and its digits.
const formatters = new Map<string, Intl.NumberFormat>();
const digitsOf = new Map<string, number>();
function formatterFor(currency: string): Intl.NumberFormat {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    formatters.set(currency, formatter);
  }
  return formatter;
}

/** Digits after the decimal point for a currency (2 for USD, 0 for JPY). */
export function minorDigits(currency: string): number {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    digits = formatterFor(currency).resolvedOptions().maximumFractionDigits ?? 2;
    digitsOf.set(currency, digits);
  }
  return digits;
}

/** The amount as an exact decimal string ("250.00"), built from integers only. */
export function toDecimalString(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits ? `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}` : `${sign}${text}`;
}

/** "$250.00", "£180.00": formatted from the exact decimal string, so no float is involved. */
export function formatMoney(minor: number, currency: string): string {
  const decimal = toDecimalString(minor, currency) as Intl.StringNumericLiteral;
  return formatterFor(currency).format(decimal);
}

/** Reads "250", "250.5" or "1,250.00" into minor units; undefined when it is not an amount. */
export function parseMoney(text: string, currency: string): number | undefined {
  const digits = minorDigits(currency);
  const cleaned = text.trim().replace(/,/g, '');
  const pattern = digits ? new RegExp(`^(\\d{1,7})(?:\\.(\\d{1,${digits}}))?$`) : /^(\d{1,9})$/;
  const match = pattern.exec(cleaned);
  if (!match) return undefined;
  const fraction = (match[2] ?? '').padEnd(digits, '0');
  return Number(`${match[1]}${fraction}`);
}
