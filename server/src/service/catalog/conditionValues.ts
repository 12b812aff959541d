/** The value grammar of condition operators (IAM user guide, "Condition operators"): our own table. */

export function isBooleanText(value: string): boolean {
  return value === 'true' || value === 'false';
}

export function isNumberText(value: string): boolean {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value.trim());
}

/** ISO 8601 dates and date-times as AWS accepts them, or epoch seconds. */
export function isDateText(value: string): boolean {
  if (/^\d{1,10}$/.test(value)) return true;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!m) return false;
  const [, , month, day, hour, minute, second] = m.map((x) => (x === undefined ? undefined : Number(x)));
  return month! >= 1 && month! <= 12 && day! >= 1 && day! <= 31 && (hour ?? 0) <= 23 && (minute ?? 0) <= 59 && (second ?? 0) <= 60;
}

export function isBase64Text(value: string): boolean {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(value) && value.length % 4 === 0;
}

export interface IpRange {
  readonly version: 4 | 6;
  /** The address as bytes, and the prefix length (32 or 128 when no `/n` was written). */
  readonly bytes: readonly number[];
  readonly prefix: number;
  /** `10.0.0.1/8`: bits set beyond the prefix, which IAM ignores. */
  readonly hostBitsSet: boolean;
  /** The canonical form of the range (host bits cleared). */
  readonly canonical: string;
}

/** An IPv4 or IPv6 address or CIDR range; undefined when it is neither. */
export function parseIpRange(text: string): IpRange | undefined {
  const [address, prefixText, ...extra] = text.split('/');
  if (extra.length > 0) return undefined;
  const bytes = address.includes(':') ? parseIpv6(address) : parseIpv4(address);
  if (!bytes) return undefined;
  const version = bytes.length === 4 ? 4 : 6;
  const max = bytes.length * 8;
  let prefix = max;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) return undefined;
    prefix = Number(prefixText);
    if (prefix > max) return undefined;
  }
  const masked = bytes.map((byte, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
  const hostBitsSet = masked.some((b, i) => b !== bytes[i]);
  const canonical = `${version === 4 ? masked.join('.') : formatIpv6(masked)}${prefixText !== undefined ? `/${prefix}` : ''}`;
  return { version, bytes, prefix, hostBitsSet, canonical };
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.map(Number);
}

function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const groups = halves.length === 2 ? [...head, ...Array(8 - head.length - tail.length).fill('0'), ...tail] : head;
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

function formatIpv6(bytes: readonly number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  return groups
    .map((g) => g.toString(16))
    .join(':')
    .replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** Ranges never seen as a request's aws:SourceIp: private, loopback and link-local space. */
const NON_PUBLIC = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128'].map((r) =>
  parseIpRange(r)!,
);

/** Whether every address of the range is private, loopback or link-local. */
export function isNonPublicRange(range: IpRange): boolean {
  return NON_PUBLIC.some((net) => net.version === range.version && range.prefix >= net.prefix && sharesPrefix(net.bytes, range.bytes, net.prefix));
}

function sharesPrefix(a: readonly number[], b: readonly number[], bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const mask = 0x80 >> (i % 8);
    if ((a[Math.floor(i / 8)] & mask) !== (b[Math.floor(i / 8)] & mask)) return false;
  }
  return true;
}
