import { ArnTemplate } from './arn';

/**
 * A closer reading of a template than `ResourcePattern.mayMatch`, for the few variables whose values
 * never hold a `/`: an S3 bucket name is one path segment, so `arn:aws:s3:::b/*` names objects, never
 * the bucket `arn:${Partition}:s3:::${BucketName}`. Every other variable still matches anything.
 */
const ONE_SEGMENT = new Set(['BucketName']);

/** A run of characters of one class: `c` a literal character (lower case), `any` any, `seg` any but `/`. */
interface Unit {
  readonly set: string | 'any' | 'seg';
  readonly many: boolean;
}

function policyUnits(pattern: string): Unit[] {
  const units: Unit[] = [];
  const lower = pattern.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    if (lower[i] === '$' && lower[i + 1] === '{') {
      const close = lower.indexOf('}', i + 2);
      if (close > 0) {
        units.push({ set: 'any', many: true });
        i = close;
        continue;
      }
    }
    units.push(lower[i] === '*' ? { set: 'any', many: true } : lower[i] === '?' ? { set: 'any', many: false } : { set: lower[i], many: false });
  }
  return units;
}

function templateUnits(template: string): Unit[] {
  const units: Unit[] = [];
  for (let i = 0; i < template.length; i++) {
    if (template[i] === '$' && template[i + 1] === '{') {
      const close = template.indexOf('}', i + 2);
      if (close > 0) {
        const set = ONE_SEGMENT.has(template.slice(i + 2, close)) ? 'seg' : 'any';
        units.push({ set, many: false }, { set, many: true });
        i = close;
        continue;
      }
    }
    units.push(template[i] === '*' ? { set: 'any', many: true } : { set: template[i].toLowerCase(), many: false });
  }
  return units;
}

function overlap(x: Unit['set'], y: Unit['set']): boolean {
  if (x === 'any' || y === 'any') return true;
  if (x === 'seg') return y !== '/';
  if (y === 'seg') return x !== '/';
  return x === y;
}

/** Whether some text matches both unit lists (a product of the two automata). */
function intersects(a: readonly Unit[], b: readonly Unit[]): boolean {
  const width = b.length + 1;
  const reach = new Uint8Array((a.length + 1) * width);
  const stack: number[] = [0];
  reach[0] = 1;
  const visit = (i: number, j: number) => {
    if (!reach[i * width + j]) {
      reach[i * width + j] = 1;
      stack.push(i * width + j);
    }
  };
  while (stack.length) {
    const at = stack.pop()!;
    const i = Math.floor(at / width);
    const j = at % width;
    if (i === a.length && j === b.length) return true;
    if (i < a.length && a[i].many) visit(i + 1, j);
    if (j < b.length && b[j].many) visit(i, j + 1);
    if (i < a.length && j < b.length && overlap(a[i].set, b[j].set)) visit(a[i].many ? i : i + 1, b[j].many ? j : j + 1);
  }
  return false;
}

/** False when the resource part of a policy ARN surely names no resource of the template; true otherwise. */
export function mayNameResourceOf(resource: string, template: ArnTemplate): boolean {
  const text = template.resource.text;
  if (![...ONE_SEGMENT].some((name) => text.includes(`\${${name}}`))) return true;
  return intersects(policyUnits(resource), templateUnits(text));
}
