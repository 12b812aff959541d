import { eksProviderParts, eksProviderShapeProblem, EKS_PARTITIONS, guessEksProvider } from '../catalog/oidc';
import { hasPlaceholder } from '../catalog/placeholders';
import { allRegions, hasUnknownDirection, isRegionShaped, partitionForRegion, partitionOf } from '../catalog/partitions';
import { suggest } from '../catalog/suggest';
import { JsonNode, valueRange } from '../parse/json';
import { OffsetRange } from '../parse/range';
import { Finding } from './finding';
import { TrustedProvider } from './irsaTrustStatement';

/** The Federated provider's name (IRSA_PROVIDER_FORMAT). */

/** The document range of a part of a string value, when the value has no escapes (else the whole value). */
function partRange(node: JsonNode, text: string, offset: number, length: number): OffsetRange {
  const range = valueRange(node, text);
  if (text.slice(range.start, range.end) !== node.value) return range;
  return { start: range.start + offset, end: range.start + offset + length };
}

const PROVIDER_HELP = 'an EKS cluster\'s issuer is "oidc.eks.<region>.amazonaws.com/id/<ID>" ("amazonaws.com.cn" in China)';
const REJECTED =
  'IAM rejects the trust policy ("Invalid principal in policy") unless the account has a provider of exactly this name, and no EKS cluster issues tokens under it';

export function providerFormat(provider: TrustedProvider, text: string): Finding[] {
  const { arn, node } = provider;
  if (!arn || !provider.eks) return [];
  // `https://` is the principals family's finding; the rest of the name is checked here.
  const scheme = /^[a-z]+:\/\//i.exec(arn.provider)?.[0] ?? '';
  const name = arn.provider.slice(scheme.length);
  const at = arn.providerOffset + scheme.length;
  const range = (offset: number, length: number) => partRange(node, text, at + offset, length);
  const parts = eksProviderParts(name);
  // A placeholder (region-code, <eks-hash>) is PLACEHOLDER_VALUE's finding alone.
  if (!parts && hasPlaceholder(name)) return [];
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
  if (hasPlaceholder(region)) {
    // The region is PLACEHOLDER_VALUE's finding alone.
  } else if (!isRegionShaped(region) || hasUnknownDirection(region)) {
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
  if (id === '' || hasPlaceholder(id)) return findings;
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
