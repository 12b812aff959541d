/**
 * AWS partitions: their names, regions and DNS suffixes, as of 2026. Our own table (the catalogue
 * has none). New regions appear every year, so callers should treat "not in the table" as "not
 * known yet" unless `partitionForRegion` places the region in another partition.
 */
export interface Partition {
  /** The ARN partition field: `aws`, `aws-cn`... */
  readonly name: string;
  /** The DNS suffix of the partition's service endpoints: `amazonaws.com`, `amazonaws.com.cn`... */
  readonly dnsSuffix: string;
  /** The regions launched in the partition. */
  readonly regions: readonly string[];
  /** The shape every region name of the partition has, including regions not launched yet. */
  readonly regionPattern: RegExp;
}

export const PARTITIONS: readonly Partition[] = [
  {
    name: 'aws',
    dnsSuffix: 'amazonaws.com',
    regions: [
      'us-east-1',
      'us-east-2',
      'us-west-1',
      'us-west-2',
      'af-south-1',
      'ap-east-1',
      'ap-east-2',
      'ap-south-1',
      'ap-south-2',
      'ap-southeast-1',
      'ap-southeast-2',
      'ap-southeast-3',
      'ap-southeast-4',
      'ap-southeast-5',
      'ap-southeast-6',
      'ap-southeast-7',
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-northeast-3',
      'ca-central-1',
      'ca-west-1',
      'eu-central-1',
      'eu-central-2',
      'eu-west-1',
      'eu-west-2',
      'eu-west-3',
      'eu-south-1',
      'eu-south-2',
      'eu-north-1',
      'il-central-1',
      'me-south-1',
      'me-central-1',
      'mx-central-1',
      'sa-east-1',
    ],
    regionPattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d+$/,
  },
  { name: 'aws-cn', dnsSuffix: 'amazonaws.com.cn', regions: ['cn-north-1', 'cn-northwest-1'], regionPattern: /^cn-[a-z]+-\d+$/ },
  { name: 'aws-us-gov', dnsSuffix: 'amazonaws.com', regions: ['us-gov-west-1', 'us-gov-east-1'], regionPattern: /^us-gov-[a-z]+-\d+$/ },
  { name: 'aws-iso', dnsSuffix: 'c2s.ic.gov', regions: ['us-iso-east-1', 'us-iso-west-1'], regionPattern: /^us-iso-[a-z]+-\d+$/ },
  { name: 'aws-iso-b', dnsSuffix: 'sc2s.sgov.gov', regions: ['us-isob-east-1', 'us-isob-west-1'], regionPattern: /^us-isob-[a-z]+-\d+$/ },
  { name: 'aws-iso-e', dnsSuffix: 'cloud.adc-e.uk', regions: ['eu-isoe-west-1'], regionPattern: /^eu-isoe-[a-z]+-\d+$/ },
  { name: 'aws-iso-f', dnsSuffix: 'csp.hci.ic.gov', regions: ['us-isof-south-1', 'us-isof-east-1'], regionPattern: /^us-isof-[a-z]+-\d+$/ },
  { name: 'aws-eusc', dnsSuffix: 'amazonaws.eu', regions: ['eusc-de-east-1'], regionPattern: /^eusc-de-[a-z]+-\d+$/ },
];

/** The compass words of every region name (`us-east-1`, `ap-southeast-7`, `us-gov-west-1`). */
const DIRECTIONS = new Set(['east', 'west', 'north', 'south', 'central', 'northeast', 'northwest', 'southeast', 'southwest']);

/** `geo[-qualifier]-direction-number`, lower case: the shape of any region name, known or not. */
const REGION_SHAPE = /^[a-z]{2,4}(-[a-z]+)*-([a-z]+)-\d{1,2}$/;

const BY_NAME = new Map(PARTITIONS.map((p) => [p.name, p]));
const BY_REGION = new Map(PARTITIONS.flatMap((p) => p.regions.map((r) => [r, p] as const)));

export function partitionNames(): string[] {
  return PARTITIONS.map((p) => p.name);
}

export function partitionOf(name: string): Partition | undefined {
  return BY_NAME.get(name);
}

/** Every region launched in any partition. */
export function allRegions(): string[] {
  return [...BY_REGION.keys()];
}

export function isKnownRegion(partition: string | Partition, region: string): boolean {
  const p = typeof partition === 'string' ? partitionOf(partition) : partition;
  return p !== undefined && BY_REGION.get(region) === p;
}

/**
 * The partition a region belongs to: by the table, else by the partition's naming pattern (a
 * region not launched when the table was written). Undefined when no partition's pattern fits.
 */
export function partitionForRegion(region: string): Partition | undefined {
  const known = BY_REGION.get(region);
  if (known) return known;
  // The more specific patterns (us-gov-, us-iso-...) come after `aws` in the table; try them first.
  for (let i = PARTITIONS.length - 1; i >= 0; i--) {
    if (PARTITIONS[i].regionPattern.test(region)) return PARTITIONS[i];
  }
  return undefined;
}

/** True for text shaped like a region name (`us-east-1`, `us-gov-west-1`, `xx-east-9`), known or not. */
export function isRegionShaped(region: string): boolean {
  return REGION_SHAPE.test(region);
}

/** True when a region-shaped name uses a compass word no region uses (`us-esat-1`): a typo, not a new region. */
export function hasUnknownDirection(region: string): boolean {
  const match = REGION_SHAPE.exec(region);
  return match !== null && !DIRECTIONS.has(match[2]);
}
