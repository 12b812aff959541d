import { IpRange, parseIpRange } from '../catalog/conditionValues';

/**
 * Reading condition values as their operator's type (IAM user guide, "Condition operators"). Each
 * returns undefined for text that is not of the type: such a value matches nothing (docs/evaluation.md).
 */

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function readNumber(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}

const EPOCH = /^[+-]?\d+(\.\d+)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

/** Milliseconds since the epoch, from ISO 8601 (no zone: UTC) or epoch seconds. */
export function readDate(text: string): number | undefined {
  if (EPOCH.test(text)) return Number(text) * 1000;
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) + (m[7] ? Math.round(Number(m[7]) * 1000) : 0);
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  const zone = m[8];
  if (!zone || zone === 'Z' || zone === 'z') return utc;
  const digits = zone.replace(':', '');
  const offset = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
  return zone[0] === '+' ? utc - offset : utc + offset;
}

/** `true` / `false` in any case; anything else is no boolean. */
export function readBool(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/** A CIDR range of a policy (`203.0.113.0/24`, `2001:db8::/32`; a bare address is /32 or /128). */
export function readCidr(text: string): IpRange | undefined {
  return parseIpRange(dottedTail(text));
}

/** A request's address: a bare IPv4 or IPv6 address, no prefix. */
export function readAddress(text: string): IpRange | undefined {
  if (text.includes('/')) return undefined;
  return parseIpRange(dottedTail(text));
}

/** `::ffff:192.0.2.1` (an IPv6 address ending in dotted IPv4, RFC 4291) with that tail as two hex groups. */
function dottedTail(text: string): string {
  const m = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/\d+)?$/.exec(text);
  if (!m) return text;
  const octets = [m[2], m[3], m[4], m[5]].map(Number);
  if (octets.some((o) => o > 255)) return text;
  const hex = (a: number, b: number) => ((a << 8) | b).toString(16);
  return `${m[1]}${hex(octets[0], octets[1])}:${hex(octets[2], octets[3])}${m[6] ?? ''}`;
}

/** Whether `address` lies in `range`: same family, the first `prefix` bits equal. */
export function inRange(range: IpRange, address: IpRange): boolean {
  if (range.version !== address.version) return false;
  const whole = range.prefix >> 3;
  for (let i = 0; i < whole; i++) if (range.bytes[i] !== address.bytes[i]) return false;
  const rest = range.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (range.bytes[whole] & mask) === (address.bytes[whole] & mask);
}
