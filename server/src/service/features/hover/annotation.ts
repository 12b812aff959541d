import { Hover } from 'vscode-languageserver-types';
import { KubernetesFile } from '../../parse/document';
import { YamlEntry, nodeRange } from '../../parse/yaml';
import { AuthoringContext } from '../context';
import { markdownHover } from '../markdown';
import { annotationDocumentation, webhookAnnotation } from '../webhookAnnotations';

/** An annotation mapping of the file and the kind of object the webhook would see it on. */
interface AnnotationsOf {
  readonly kind: string;
  readonly annotations: readonly YamlEntry[];
}

/** Hover on an annotation key of the EKS pod identity webhook: what the webhook does with it, on this object. */
export function annotationHover(context: AuthoringContext, offset: number): Hover | null {
  const parsed = context.parsed;
  if (parsed.kind !== 'kubernetes') return null;
  for (const { kind, annotations } of annotationMappings(parsed)) {
    for (const annotation of annotations) {
      const range = nodeRange(annotation.keyNode);
      if (offset < range.start || offset > range.end) continue;
      const known = webhookAnnotation(annotation.key);
      return known ? markdownHover(context, range, annotationDocumentation(known, kind)) : null;
    }
  }
  return null;
}

function annotationMappings(parsed: KubernetesFile): AnnotationsOf[] {
  return [
    ...parsed.serviceAccounts.map((sa) => ({ kind: 'ServiceAccount', annotations: sa.annotations })),
    // A workload's own metadata, then the pods' (the same mapping for a Pod).
    ...parsed.workloads.flatMap((w) =>
      w.kind === 'Pod'
        ? [{ kind: 'Pod', annotations: w.podAnnotations }]
        : [
            { kind: w.kind, annotations: w.annotations },
            { kind: 'Pod', annotations: w.podAnnotations },
          ],
    ),
    ...parsed.helmValues.map((values) => ({ kind: 'ServiceAccount', annotations: values.annotations })),
  ];
}
