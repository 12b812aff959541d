import { clusterOf } from './cluster';
import { readEksctl } from './eksctlCli';
import { Invocation, shellInvocations } from './shellScript';
import { ScriptReader } from './shellReader';
import { SourceExtraction, SourceInput } from './source';

/**
 * Shell scripts that call the AWS CLI (`aws iam create-role`, `update-assume-role-policy`,
 * `put-role-policy`, `create-policy`, `attach-role-policy`, `aws eks create-pod-identity-association`)
 * and eksctl (`create iamserviceaccount`, `create podidentityassociation`). `file://` documents are
 * resolved against the script's folder, as the CLI resolves them from where the script `cd`s
 * (DOMAIN.md's seed runs them next to the policies); a file the script itself wrote before (a
 * heredoc, `echo`, `printf`) is that document, checked in place in the script.
 */
export function extractAwsCli(input: SourceInput): SourceExtraction | undefined {
  if (input.languageId !== 'shellscript' || !/\b(?:aws|eksctl)\s/.test(input.text)) return undefined;
  const tree = input.syntaxes.parseShell(input.text);
  if (!tree) return undefined;
  try {
    const invocations = shellInvocations(tree.rootNode, input.text, input.uri);
    if (invocations.length === 0) return undefined;
    const reader = new ScriptReader(input);
    for (const invocation of invocations) {
      if (invocation.program === 'aws') readAws(invocation, reader);
      else readEksctl(invocation, reader);
    }
    return reader.extraction();
  } finally {
    tree.delete(); // tree-sitter trees live in wasm memory, which the GC does not reclaim
  }
}

/** One `aws` command. */
function readAws(invocation: Invocation, reader: ScriptReader): void {
  const { options } = invocation;
  const key = invocation.positional.slice(0, 2).join(' ');
  if (key === 'iam create-role' || key === 'iam update-assume-role-policy') {
    const name = options.get('role-name');
    const entry = reader.roleNamed(name);
    // create-role is the definition: its path, and where go-to-definition lands.
    if (entry && name && key === 'iam create-role') entry.role = { ...entry.role, path: options.get('path')?.value ?? '/', range: name.content };
    const document = reader.documentOf(invocation, options.get(key === 'iam create-role' ? 'assume-role-policy-document' : 'policy-document'), 'trust');
    if (entry && document) entry.role = { ...entry.role, trust: reader.trustOf(document) };
    const boundary = options.get('permissions-boundary');
    if (entry && boundary && key === 'iam create-role') entry.role = { ...entry.role, boundary: reader.managed(boundary) };
  } else if (key === 'iam put-role-permissions-boundary') {
    const entry = reader.roleNamed(options.get('role-name'));
    const boundary = options.get('permissions-boundary');
    if (entry && boundary) entry.role = { ...entry.role, boundary: reader.managed(boundary) };
  } else if (key === 'iam put-role-policy') {
    const entry = reader.roleNamed(options.get('role-name'));
    const word = options.get('policy-document');
    const document = reader.documentOf(invocation, word, 'identity');
    if (!entry || !word) return;
    const label = options.get('policy-name')?.value ?? word.value ?? 'inline policy';
    entry.permissions.push({
      kind: document?.kind === 'file' ? 'file' : 'inline',
      label,
      range: word.content,
      ...(document?.kind === 'file' ? { uri: document.uri } : {}),
    });
  } else if (key === 'iam create-policy') {
    const document = reader.documentOf(invocation, options.get('policy-document'), 'identity');
    reader.createPolicy(options.get('policy-name'), options.get('path'), document);
  } else if (key === 'iam attach-role-policy') {
    const entry = reader.roleNamed(options.get('role-name'));
    const arn = options.get('policy-arn');
    if (entry && arn) entry.permissions.push(reader.managed(arn));
  } else if (key === 'eks create-pod-identity-association') {
    const arn = options.get('role-arn');
    const namespace = options.get('namespace')?.value;
    const sa = options.get('service-account');
    if (!arn?.value) return;
    const cluster = clusterOf(options.get('cluster-name')?.value, options.get('region')?.value, arn.value);
    reader.references.push({
      kind: 'pod-identity',
      arn: arn.value,
      range: arn.content,
      serviceAccount: namespace && sa?.value ? { name: sa.value, namespace, namespaceExplicit: true, range: sa.content } : undefined,
      ...cluster,
    });
  }
}
