import { iamWildcard } from '../catalog/catalog';
import {
  audienceMistake,
  EKS_DEFAULT_AUDIENCE,
  eksClaimOf,
  eksProviderParts,
  identityProviderKey,
  eksProviderShapeProblem,
  EKS_PARTITIONS,
  guessEksProvider,
  looksLikeEksProvider,
  normalizeProvider,
  OidcProviderArn,
  parseOidcProviderArn,
  POD_IDENTITY_ACTIONS,
  POD_IDENTITY_PRINCIPAL,
  POD_IDENTITY_SCOPE_KEYS,
  SERVICE_ACCOUNT_SUB_PREFIX,
  serviceAccountSubjectProblem,
  subjectBreadth,
  WEB_IDENTITY_DOMAINS,
} from '../catalog/oidc';
import { ParsedOperator, parseOperator } from '../catalog/operators';
import { allRegions, hasUnknownDirection, isRegionShaped, partitionForRegion, partitionOf } from '../catalog/partitions';
import { editDistance, suggest } from '../catalog/suggest';
import { JsonNode, stringItems, valueRange } from '../parse/json';
import { ConditionBlock, ConditionEntry, conditionsOf, principalOf, Statement } from '../parse/policy';
import { OffsetRange, rangeOf } from '../parse/range';
import { PolicyContext } from './context';
import { Finding } from './finding';

/** An identity provider a trust statement names in `Principal.Federated`. */
interface TrustedProvider {
  readonly node: JsonNode;
  /** The provider as written: after `oidc-provider/` in an ARN, or the whole domain. */
  readonly raw: string;
  /** `normalizeProvider(raw)`: what condition keys are compared with. */
  readonly name: string;
  readonly arn: OidcProviderArn | undefined;
  readonly eks: boolean;
}

/** A condition on an identity provider's claim (`PROVIDER:claim`). */
interface ClaimCondition {
  readonly block: ConditionBlock;
  readonly operator: ParsedOperator | undefined;
  readonly entry: ConditionEntry;
  /** The key's provider as written, `https://` included if it is there. */
  readonly provider: string;
  readonly name: string;
  /** In lower case: condition key names are case-insensitive. */
  readonly claim: string;
}

/** The trust statement as this family reads it. */
interface TrustStatement {
  readonly statement: Statement;
  readonly allows: boolean;
  readonly providers: readonly TrustedProvider[];
  readonly claims: readonly ClaimCondition[];
}

const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';
const WILDCARD = /[*?]/;
const withoutVariables = (value: string) => value.replace(/\$\{[^}]*\}/g, '');

/**
 * CHECKS.md section I: IRSA trust policies (the EKS OIDC provider, its `:sub` and `:aud`
 * conditions), other OIDC providers without a subject condition, and EKS Pod Identity trusts.
 * `https://` in a Federated ARN is the principals family's; unknown EKS claims the conditions family's.
 */
export function checkIrsa(context: PolicyContext): Finding[] {
  if (context.kind !== 'trust') return [];
  const { text } = context.file;
  const findings: Finding[] = [];
  // What a statement lacks is only judged once it parses: a condition being typed is not a missing one.
  const { errors } = context.file.json;
  const complete = (s: Statement) => !errors.some((e) => e.start >= s.node.offset && e.start <= s.node.offset + s.node.length);
  for (const statement of context.file.policy.statements) {
    const trust = readTrustStatement(statement);
    for (const provider of trust.providers) findings.push(...providerFormat(provider, text));
    findings.push(...claimKeyFindings(trust, text));
    for (const claim of trust.claims) findings.push(...claimValueFindings(claim, trust, text));
    if (!complete(statement)) continue;
    findings.push(...missingConditions(trust, text));
    findings.push(...podIdentityUnscoped(statement, text));
  }
  if (context.file.policy.statements.every(complete)) findings.push(...podIdentityActions(context.file.policy.statements, text));
  return findings;
}

function readTrustStatement(statement: Statement): TrustStatement {
  const providers: TrustedProvider[] = [];
  const principal = principalOf(statement.element.Principal);
  for (const entry of principal?.form === 'object' ? principal.entries : []) {
    if (entry.key !== 'Federated') continue;
    for (const node of entry.values) {
      const value = node.value as string;
      const arn = parseOidcProviderArn(value);
      const raw = arn ? arn.provider : WEB_IDENTITY_DOMAINS[value] ? value : undefined;
      if (raw !== undefined) providers.push({ node, raw, name: normalizeProvider(raw), arn, eks: arn !== undefined && looksLikeEksProvider(raw) });
    }
  }
  const names = new Set(providers.map((p) => p.name));
  const claims: ClaimCondition[] = [];
  for (const block of conditionsOf(statement.element.Condition)) {
    const operator = parseOperator(block.key);
    for (const entry of block.entries) {
      const colon = entry.key.lastIndexOf(':');
      if (colon <= 0) continue;
      const provider = entry.key.slice(0, colon);
      const name = normalizeProvider(provider);
      // A provider is a host (it has a dot), or the statement's own provider (`example-oidc-provider:sub`).
      if (!identityProviderKey(entry.key) && !names.has(name)) continue;
      claims.push({ block, operator, entry, provider, name, claim: entry.key.slice(colon + 1).toLowerCase() });
    }
  }
  return { statement, allows: statement.element.Effect?.valueNode?.value === 'Allow', providers, claims };
}

/** Whether a request without the key fails the condition (so a key no token has blocks every token). */
function neverHoldsWhenAbsent(claim: ClaimCondition): boolean {
  const { operator } = claim;
  if (!operator) return false;
  if (operator.base.name === 'Null') return claim.entry.values.some((v) => String(v.value).toLowerCase() === 'false');
  return !operator.base.negated && !operator.ifExists && operator.qualifier !== 'ForAllValues';
}

/** The document range of a part of a string value, when the value has no escapes (else the whole value). */
function partRange(node: JsonNode, text: string, offset: number, length: number): OffsetRange {
  const range = valueRange(node, text);
  if (text.slice(range.start, range.end) !== node.value) return range;
  return { start: range.start + offset, end: range.start + offset + length };
}

// The Federated provider's name (IRSA_PROVIDER_FORMAT)

const PROVIDER_HELP = 'an EKS cluster\'s issuer is "oidc.eks.<region>.amazonaws.com/id/<ID>" ("amazonaws.com.cn" in China)';
const REJECTED = 'IAM rejects the trust policy ("Invalid principal in policy") unless the account has a provider of exactly this name, and no EKS cluster issues tokens under it';

function providerFormat(provider: TrustedProvider, text: string): Finding[] {
  const { arn, node } = provider;
  if (!arn || !provider.eks) return [];
  // `https://` is the principals family's finding; the rest of the name is checked here.
  const scheme = /^[a-z]+:\/\//i.exec(arn.provider)?.[0] ?? '';
  const name = arn.provider.slice(scheme.length);
  const at = arn.providerOffset + scheme.length;
  const range = (offset: number, length: number) => partRange(node, text, at + offset, length);
  const parts = eksProviderParts(name);
  if (!parts) {
    const fix = guessEksProvider(name);
    return [
      {
        code: 'IRSA_PROVIDER_FORMAT',
        ...range(0, name.length),
        message: `"${name}" is not an EKS OIDC provider: ${PROVIDER_HELP}, and this one ${eksProviderShapeProblem(name)}. ${REJECTED}${fix ? `; did you mean "${fix}"?` : ''}`,
        data: fix ? { replacements: [fix] } : undefined,
      },
    ];
  }
  const findings: Finding[] = [];
  const { region, dnsSuffix, id } = parts;
  const regionPartition = partitionForRegion(region);
  const arnPartition = partitionOf(arn.partition);
  if (!isRegionShaped(region) || hasUnknownDirection(region)) {
    const [best] = suggest(region, allRegions(), 1);
    findings.push({
      code: 'IRSA_PROVIDER_FORMAT',
      ...range(parts.regionOffset, region.length),
      message: `"${region}" is not an AWS region, so "${name}" is no cluster's issuer: ${REJECTED}${best ? `; did you mean "${best}"?` : ''}`,
      data: best ? { replacements: [best] } : undefined,
    });
  } else if (regionPartition && EKS_PARTITIONS.includes(regionPartition.name)) {
    // A region-shaped name no partition claims is a region launched after our table: left alone.
    const suffixFits = dnsSuffix === regionPartition.dnsSuffix;
    // An unknown ARN partition is the principals family's finding.
    const arnFits = !arnPartition || arnPartition === regionPartition;
    if (!suffixFits && arnFits) {
      findings.push({
        code: 'IRSA_PROVIDER_FORMAT',
        ...range(parts.dnsSuffixOffset, dnsSuffix.length),
        message: `Clusters in ${region} (partition ${regionPartition.name}) have issuers under "${regionPartition.dnsSuffix}", not "${dnsSuffix}": ${REJECTED}; did you mean "${regionPartition.dnsSuffix}"?`,
        data: { replacements: [regionPartition.dnsSuffix] },
      });
    } else if (suffixFits && !arnFits) {
      findings.push({
        code: 'IRSA_PROVIDER_FORMAT',
        ...partRange(node, text, 'arn:'.length, arn.partition.length),
        message: `The provider is in ${region}, a region of partition "${regionPartition.name}", but the ARN says "${arn.partition}": IAM looks for the provider in the wrong partition and rejects the trust policy. Write "arn:${regionPartition.name}:iam::…"`,
        data: { replacements: [regionPartition.name] },
      });
    } else if (!suffixFits && !arnFits) {
      const wrongRegion = arnPartition !== undefined && arnPartition.dnsSuffix === dnsSuffix;
      findings.push({
        code: 'IRSA_PROVIDER_FORMAT',
        ...(wrongRegion ? range(parts.regionOffset, region.length) : range(0, name.length)),
        message: wrongRegion
          ? `"${region}" is a region of partition "${regionPartition.name}", but the ARN and the host say "${arn.partition}" ("${dnsSuffix}"): no cluster has this issuer. ${REJECTED}`
          : `"${name}" mixes partitions: ${region} is in "${regionPartition.name}" (issuers under "${regionPartition.dnsSuffix}"), the ARN says "${arn.partition}". ${REJECTED}`,
      });
    }
  }
  if (id === '') return findings;
  if (!/^[A-Z0-9]{32}$/.test(id)) {
    const upper = /^[0-9a-f]{32}$/i.test(id) ? id.toUpperCase() : undefined;
    findings.push({
      code: 'IRSA_PROVIDER_FORMAT',
      severity: 'warning',
      ...range(parts.idOffset, id.length),
      message: `"${id}" does not look like an EKS OIDC provider ID: every cluster's ID seen is 32 upper-case hexadecimal characters (AWS does not document the format). Copy it from "aws eks describe-cluster --name <cluster> --query cluster.identity.oidc.issuer"${upper ? `; did you mean "${upper}"?` : ''}`,
      data: upper ? { replacements: [upper] } : undefined,
    });
  }
  return findings;
}

// Condition keys against the trusted providers (IRSA_PROVIDER_FORMAT on keys, IRSA_PROVIDER_MISMATCH,
// IRSA_MULTI_PROVIDER_STATEMENT)

const CHECKED_CLAIMS = ['sub', 'aud', 'amr'];

function claimKeyFindings(trust: TrustStatement, text: string): Finding[] {
  if (trust.providers.length === 0) return [];
  const findings: Finding[] = [];
  const trusted = new Map(trust.providers.map((p) => [p.name, p]));
  // Keys beside a malformed EKS provider may be the right ones: IRSA_PROVIDER_FORMAT on the provider says so.
  const malformedEks = trust.providers.some((p) => p.eks && !eksProviderParts(p.raw.replace(/^[a-z]+:\/\//i, '')));
  for (const claim of trust.claims) {
    const range = valueRange(claim.entry.keyNode, text);
    const scheme = /^[a-z]+:\/\//i.exec(claim.provider)?.[0];
    const provider = trusted.get(claim.name);
    if (provider && scheme) {
      const fixed = claim.entry.key.slice(scheme.length);
      findings.push({
        code: 'IRSA_PROVIDER_FORMAT',
        ...range,
        message: `Condition keys name the provider without "${scheme}": the token's claims are "${provider.raw.replace(/^[a-z]+:\/\//i, '')}:<claim>", so "${claim.entry.key}" is in no request and the condition ${outcome(claim)}; did you mean "${fixed}"?`,
        data: { replacements: [fixed] },
      });
    } else if (!provider && CHECKED_CLAIMS.includes(claim.claim) && !(malformedEks && looksLikeEksProvider(claim.provider))) {
      const replacements = [...trust.providers]
        .sort((a, b) => editDistance(a.name, claim.name) - editDistance(b.name, claim.name))
        .map((p) => `${p.raw.replace(/^[a-z]+:\/\//i, '')}:${claim.entry.key.slice(claim.provider.length + 1)}`);
      const trustedNames = trust.providers.map((p) => `"${p.raw}"`).join(', ');
      findings.push({
        code: 'IRSA_PROVIDER_MISMATCH',
        ...range,
        message: `"${claim.provider}" is not the provider this statement trusts (${trustedNames})${differenceOf(claim.name, trust.providers)}: tokens of the trusted provider have no "${claim.entry.key}", so the condition ${outcome(claim)}. Use "${replacements[0]}"`,
        data: { replacements },
      });
    }
  }
  // Keys are ANDed and a token has one issuer: two trusted providers' keys that must both be present never are.
  const blocking = trust.claims.filter((c) => trusted.has(c.name) && neverHoldsWhenAbsent(c));
  const written = new Map<string, string>();
  for (const claim of blocking) if (!written.has(claim.name)) written.set(claim.name, claim.provider.replace(/^[a-z]+:\/\//i, ''));
  const [first, ...others] = written.keys();
  if (others.length > 0) {
    for (const claim of blocking.filter((c) => c.name !== first)) {
      findings.push({
        code: 'IRSA_MULTI_PROVIDER_STATEMENT',
        ...valueRange(claim.entry.keyNode, text),
        message: `This statement also requires claims of "${written.get(first)}", and a token comes from one issuer only: no token has both those and "${claim.entry.key}", so AssumeRoleWithWebIdentity is denied for every token. Write one statement per provider`,
        data: { providers: [...written.values()] },
      });
    }
  }
  return findings;
}

/** What a condition on a key no token carries does: it never holds, or (IfExists, negated) restricts nothing. */
function outcome(claim: ClaimCondition): string {
  return neverHoldsWhenAbsent(claim) ? 'never holds: AssumeRoleWithWebIdentity is denied' : 'always holds and restricts nothing';
}

/** ` (another region)`, ` (another cluster ID)` when the key names a sibling of the trusted EKS provider. */
function differenceOf(name: string, providers: readonly TrustedProvider[]): string {
  const key = eksProviderParts(name);
  const trusted = providers.map((p) => eksProviderParts(p.name)).find((p) => p !== undefined);
  if (!key || !trusted) return '';
  if (key.region !== trusted.region) return ` (another region: ${key.region}, not ${trusted.region})`;
  if (key.id !== trusted.id) return ' (another cluster ID)';
  return '';
}

// Values of the EKS :sub and :aud claims

function claimValueFindings(claim: ClaimCondition, trust: TrustStatement, text: string): Finding[] {
  const eksClaim = eksClaimOf(claim.entry.key);
  const { operator } = claim;
  if (!operator || (eksClaim !== 'sub' && eksClaim !== 'aud')) return [];
  const findings: Finding[] = [];
  // Null with a qualifier is the conditions family's NULL_WITH_QUALIFIER.
  if (eksClaim === 'sub' && operator.qualifier && operator.base.name !== 'Null') findings.push(forAllValuesSub(claim, text));
  if (operator.base.type !== 'String') return findings;
  const strings = claim.entry.values.filter((v) => v.type === 'string' && !(v.value as string).includes('${'));
  if (eksClaim === 'aud') {
    for (const value of strings) {
      const finding = audienceProblem(value, operator, text);
      if (finding) findings.push(finding);
    }
    return findings;
  }
  const operatorRange = valueRange(claim.block.keyNode, text);
  for (const value of strings) {
    const sub = value.value as string;
    const range = valueRange(value, text);
    if (!operator.base.wildcards && WILDCARD.test(sub)) {
      const like = operator.canonical.replace(/String(Not)?Equals(IgnoreCase)?/, (_m, not) => (not ? 'StringNotLike' : 'StringLike'));
      findings.push({
        code: 'IRSA_WILDCARD_IN_STRINGEQUALS',
        ...range,
        message: `"${operator.text}" compares "${sub}" literally, and no namespace or ServiceAccount name contains "*" or "?": ${operator.base.negated ? 'this value excludes no pod' : 'this value matches no pod, so AssumeRoleWithWebIdentity is denied to the pods it was meant for'}. For a pattern use "${like}"`,
        data: { replacements: [like], range: operatorRange },
      });
      continue;
    }
    const problem = serviceAccountSubjectProblem(sub, { ignoreCase: operator.base.name.endsWith('IgnoreCase'), wildcards: operator.base.wildcards });
    if (problem) {
      findings.push({
        code: 'IRSA_SUB_FORMAT',
        ...range,
        message: `"${sub}" is not a ServiceAccount token subject: ${problem.why}. The "sub" of an EKS token is "system:serviceaccount:<namespace>:<name>", so this value ${operator.base.negated ? 'excludes' : 'matches'} no pod${problem.fix ? `; did you mean "${problem.fix}"?` : ''}`,
        data: problem.fix ? { replacements: [problem.fix] } : undefined,
      });
      continue;
    }
    const broad = operator.base.wildcards && !operator.base.negated && trust.allows ? subjectBreadth(sub) : undefined;
    if (broad) findings.push({ code: 'IRSA_BROAD_SUB_PATTERN', ...range, message: `"${sub}" matches ${broad}: any pod running under one of them can assume the role, including ServiceAccounts created later. Name the ServiceAccount with "StringEquals" unless that is intended` });
  }
  if (operator.base.wildcards && strings.length > 0 && strings.length === claim.entry.values.length && !strings.some((v) => WILDCARD.test(withoutVariables(v.value as string)))) {
    const equals = operator.canonical.replace('StringLike', 'StringEquals').replace('StringNotLike', 'StringNotEquals');
    // The fix changes the whole operator block: only offered when no other key of the block uses a wildcard.
    const othersUseWildcards = claim.block.entries.some((e) => e !== claim.entry && e.values.some((v) => v.type === 'string' && WILDCARD.test(withoutVariables(v.value as string))));
    findings.push({
      code: 'IRSA_STRINGLIKE_WITHOUT_WILDCARD',
      ...valueRange(claim.entry.keyNode, text),
      message: `"${operator.text}" on "${claim.entry.key}" has no "*" or "?" in its values, so it compares exactly: "${equals}" says the same more plainly${othersUseWildcards ? ' (move the key to a "' + equals + '" block: other keys of this block use wildcards)' : ''}`,
      data: othersUseWildcards ? undefined : { replacements: [equals], range: operatorRange },
    });
  }
  return findings;
}

function forAllValuesSub(claim: ClaimCondition, text: string): Finding {
  const operator = claim.operator!;
  const plain = operator.canonical.slice(operator.canonical.indexOf(':') + 1);
  const onlyProviderKeys = claim.block.entries.every((e) => eksClaimOf(e.key) !== undefined);
  return {
    code: 'IRSA_FORALLVALUES_SUB',
    ...valueRange(claim.entry.keyNode, text),
    message: `"${claim.entry.key}" holds one value, the ServiceAccount's subject; "${operator.qualifier}:" is for keys that hold a set${operator.qualifier === 'ForAllValues' ? ' and also holds when the key is absent' : ''}. Write "${plain}"`,
    data: onlyProviderKeys ? { replacements: [plain], range: valueRange(claim.block.keyNode, text) } : undefined,
  };
}

/** The misspellings of the default audience (a custom audience is the ServiceAccount's business). */
function audienceProblem(node: JsonNode, operator: ParsedOperator, text: string): Finding | undefined {
  const value = node.value as string;
  if (value === EKS_DEFAULT_AUDIENCE || (operator.base.wildcards && WILDCARD.test(value))) return undefined;
  const why = audienceMistake(value, operator.base.name.endsWith('IgnoreCase'));
  if (!why) return undefined;
  return {
    code: 'IRSA_AUD_VALUE',
    ...valueRange(node, text),
    message: `"${value}" is not the audience of EKS ServiceAccount tokens: ${why}. This value ${operator.base.negated ? 'excludes no real token' : 'matches no real token, and AssumeRoleWithWebIdentity is denied'}; did you mean "${EKS_DEFAULT_AUDIENCE}"?`,
    data: { replacements: [EKS_DEFAULT_AUDIENCE] },
  };
}

// Missing conditions (IRSA_MISSING_SUB, IRSA_MISSING_AUD, MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL)

/** Claims that say who a token was issued to, as opposed to which client asked for it (`aud`) or how (`amr`). */
const NOT_SUBJECT_CLAIMS = new Set(['aud', 'amr', 'azp', 'oaud', 'iss']);

function missingConditions(trust: TrustStatement, text: string): Finding[] {
  const { statement } = trust;
  if (!trust.allows || statement.element.NotAction) return [];
  if (!stringItems(statement.element.Action?.valueNode).some((a) => iamWildcard(a.value as string).test(WEB_IDENTITY))) return [];
  const findings: Finding[] = [];
  const where = {
    conditionRange: statement.element.Condition?.valueNode ? rangeOf(statement.element.Condition.valueNode) : undefined,
    statementRange: rangeOf(statement.node),
  };
  for (const provider of trust.providers) {
    const own = trust.claims.filter((c) => c.name === provider.name && c.operator?.base.name !== 'Null');
    // A condition on another provider's key that must be present locks this provider's tokens out anyway.
    const lockedOut = trust.claims.some((c) => c.name !== provider.name && neverHoldsWhenAbsent(c));
    if (lockedOut) continue;
    const issuer = provider.raw.replace(/^[a-z]+:\/\//i, '');
    const range = valueRange(provider.node, text);
    if (provider.eks) {
      // Any other claim of an EKS token (`:sbu`) is a misspelled :sub (the conditions family reports it).
      if (!own.some((c) => c.claim !== 'aud' && c.claim !== 'amr')) {
        findings.push({
          code: 'IRSA_MISSING_SUB',
          ...range,
          message: `No condition on "${issuer}:sub": every ServiceAccount of this cluster, in every namespace, gets tokens that AssumeRoleWithWebIdentity accepts, so any pod of the cluster can assume the role. Add "StringEquals": {"${issuer}:sub": "system:serviceaccount:<namespace>:<name>"}`,
          data: { provider: issuer, key: `${issuer}:sub`, value: `${SERVICE_ACCOUNT_SUB_PREFIX}<namespace>:<name>`, ...where },
        });
      }
      if (!own.some((c) => c.claim !== 'sub' && c.claim !== 'amr')) {
        findings.push({
          code: 'IRSA_MISSING_AUD',
          ...range,
          message: `No condition on "${issuer}:aud": the role accepts this cluster's tokens whatever audience they were issued for, not only those the pod identity webhook requests for STS. Add "${issuer}:aud": "${EKS_DEFAULT_AUDIENCE}" beside the :sub condition`,
          data: { provider: issuer, key: `${issuer}:aud`, value: EKS_DEFAULT_AUDIENCE, ...where },
        });
      }
      continue;
    }
    const domainClaim = WEB_IDENTITY_DOMAINS[provider.name];
    const scoped = domainClaim ? own.length > 0 : own.some((c) => !NOT_SUBJECT_CLAIMS.has(c.claim));
    if (scoped) continue;
    const claim = domainClaim ?? 'sub';
    findings.push({
      code: 'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL',
      ...range,
      message: `No condition on "${issuer}:${claim}": anyone who can get a token from ${issuer}${issuer.startsWith('token.actions.githubusercontent.com') ? ' (any workflow of any GitHub repository)' : ''} can assume the role with AssumeRoleWithWebIdentity. Add a condition on "${issuer}:${claim}"${claim === 'sub' ? ' naming the subjects you trust' : ''}`,
      data: { provider: issuer, key: `${issuer}:${claim}`, ...where },
    });
  }
  return findings;
}

// EKS Pod Identity (PODID_MISSING_TAGSESSION, PODID_UNSCOPED)

function podIdentityNodes(statement: Statement): JsonNode[] {
  if (statement.element.Effect?.valueNode?.value !== 'Allow') return [];
  const principal = principalOf(statement.element.Principal);
  if (principal?.form !== 'object') return [];
  return principal.entries.filter((e) => e.key === 'Service').flatMap((e) => e.values.filter((v) => (v.value as string).toLowerCase() === POD_IDENTITY_PRINCIPAL));
}

/** Both actions must be allowed to the Pod Identity principal, by one statement or between several. */
function podIdentityActions(statements: readonly Statement[], text: string): Finding[] {
  const trusting = statements.filter((s) => podIdentityNodes(s).length > 0);
  if (trusting.some((s) => s.element.NotAction)) return [];
  const pods = trusting.filter((s) => s.element.Action?.valueNode);
  if (pods.length === 0) return [];
  const allowed = pods.flatMap((s) => stringItems(s.element.Action?.valueNode).map((a) => iamWildcard(a.value as string)));
  const missing = POD_IDENTITY_ACTIONS.filter((action) => !allowed.some((re) => re.test(action)));
  if (missing.length === 0) return [];
  return pods.map((statement) => {
    const node = statement.element.Action!.valueNode!;
    const items = stringItems(node);
    const whole = node.type === 'string' || (node.type === 'array' && items.length === (node.children ?? []).length);
    const replacement = JSON.stringify([...items.map((i) => i.value as string), ...missing]).replace(/","/g, '", "');
    return {
      code: 'PODID_MISSING_TAGSESSION',
      ...(node.type === 'string' ? valueRange(node, text) : rangeOf(node)),
      message: `EKS Pod Identity calls sts:AssumeRole and sts:TagSession (it tags the session with the cluster, namespace and ServiceAccount), but ${missing.map((m) => `"${m}"`).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not allowed: the pods of the association get no credentials. Allow ${missing.length > 1 ? 'both' : `"${missing[0]}" too`}`,
      data: whole ? { replacements: [replacement], range: rangeOf(node), missing } : { missing },
    };
  });
}

const SCOPE_KEYS = new Set(POD_IDENTITY_SCOPE_KEYS.map((k) => k.toLowerCase()));

function podIdentityUnscoped(statement: Statement, text: string): Finding[] {
  const nodes = podIdentityNodes(statement);
  if (nodes.length === 0) return [];
  const scoped = conditionsOf(statement.element.Condition).some((block) => block.key !== 'Null' && block.entries.some((e) => SCOPE_KEYS.has(e.key.toLowerCase())));
  if (scoped) return [];
  return nodes.map((node) => ({
    code: 'PODID_UNSCOPED',
    ...valueRange(node, text),
    message: `Any Pod Identity association in the account can use this role, for any cluster, namespace and ServiceAccount. To narrow it, add a condition on the session tags EKS sets, such as "StringEquals": {"aws:RequestTag/kubernetes-namespace": "<namespace>"} (or aws:RequestTag/eks-cluster-arn, aws:SourceAccount)`,
    data: {
      key: 'aws:RequestTag/kubernetes-namespace',
      conditionRange: statement.element.Condition?.valueNode ? rangeOf(statement.element.Condition.valueNode) : undefined,
      statementRange: rangeOf(statement.node),
    },
  }));
}
