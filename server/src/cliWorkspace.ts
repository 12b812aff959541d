import { promises as fs, readFileSync } from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isExcluded, toSlashes, walkFiles } from './fileWalk';
import { installedManagedPolicies } from './managedPolicyFile';
import { createLanguageService, languageIdOf, LanguageService, loadResources, ServiceAccountSources, ServiceResources, ServiceSettings } from './service';

/** The files of the PATHs read and indexed, as `lint` reads them (and `explain`, `can`). */
export interface CliWorkspace {
  readonly service: LanguageService;
  readonly resources: ServiceResources;
  readonly documents: readonly { readonly file: string; readonly document: TextDocument }[];
  /** What the ServiceAccount questions read: the index, the resources, each file's text by URI. */
  readonly sources: ServiceAccountSources;
}

/** The files under each path, sorted and without the excluded ones; a missing path is an I/O error (exit 2). */
export async function collectFiles(paths: readonly string[], settings: ServiceSettings, configFile: string | undefined): Promise<string[]> {
  const files = new Set<string>();
  for (const given of paths) {
    const stat = await fs.stat(given).catch(() => undefined);
    if (!stat) throw new Error(`${given}: no such file or directory`);
    if (stat.isDirectory()) {
      await walkFiles(given, { exclude: settings.exclude }, files);
    } else {
      const glob = isExcluded(path.resolve(given), settings.exclude);
      if (glob === undefined) files.add(path.resolve(given));
      else await write(process.stderr, `iam-irsa: note: ${given} is not checked: it matches "${glob}" of "exclude" in ${configFile}\n`);
    }
  }
  return [...files].sort();
}

/** Reads and indexes every file, so that cross-file answers see the whole set of paths. */
export async function readWorkspace(files: readonly string[], settings: ServiceSettings): Promise<CliWorkspace> {
  const resources = await loadResources(installedManagedPolicies());
  const texts = new Map<string, string>();
  // The permission questions (access assertions) read the workspace's texts through the service.
  const service = createLanguageService({ ...resources, readFile: (uri) => texts.get(uri) }, settings);
  const documents: { file: string; document: TextDocument }[] = [];
  for (const file of files) {
    const languageId = languageIdOf(file);
    if (!languageId) continue;
    const text = readText(file);
    const document = TextDocument.create(pathToFileURL(file).toString(), languageId, 1, text);
    // Parsed once: the model analysed here (its facts recorded in the index) is the one validation reads.
    service.analyze(document);
    texts.set(document.uri, text);
    documents.push({ file, document });
  }
  const sources: ServiceAccountSources = { index: service.index, ...resources, read: (uri) => texts.get(uri) };
  return { service, resources, documents, sources };
}

/** One synchronous read per file: thousands of small async reads cost more in promises and thread hops than they overlap. */
function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${relative(file)}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
}

export function relative(file: string): string {
  return toSlashes(path.relative(process.cwd(), file)) || '.';
}

/** A `file://` URI as a path relative to the working directory; anything else (an ARN) as it is. */
export function displayFile(uri: string): string {
  return uri.startsWith('file:') ? relative(fileURLToPath(uri)) : uri;
}

/** Resolves once the stream has taken the data, so that a large output into a pipe arrives whole. */
export function write(stream: NodeJS.WriteStream, data: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(data, (error) => (error ? reject(error) : resolve())));
}

/** Kubernetes names (RFC 1123 subdomain): lower-case letters, digits, `-` and `.`. */
const KUBERNETES_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** `NAMESPACE/NAME`, or why it is not one (a usage error). */
export function parseServiceAccount(arg: string | undefined): { namespace: string; name: string } | string {
  if (arg === undefined) return 'NAMESPACE/NAME is required (the ServiceAccount, e.g. default/my-app)';
  const parts = arg.split('/');
  if (parts.length !== 2 || !parts.every((p) => KUBERNETES_NAME.test(p)))
    return `"${arg}" is not NAMESPACE/NAME: a ServiceAccount's namespace and name, each lower-case letters, digits, "-" or "." (e.g. default/my-app)`;
  return { namespace: parts[0], name: parts[1] };
}

/** How a role is reached, in words. */
export function viaText(via: string): string {
  return via === 'annotation' ? 'by its eks.amazonaws.com/role-arn annotation' : via === 'pod-identity' ? 'by a Pod Identity association' : 'by trust';
}

/** Said of a role an IRSA annotation names whose trust does not admit the ServiceAccount. */
export function trustWarning(role: { readonly name: string; readonly trustAdmits: boolean | undefined }, namespace: string, name: string): string | undefined {
  if (role.trustAdmits !== false) return undefined;
  return `the trust policy of ${role.name} does not admit system:serviceaccount:${namespace}:${name}: its pods cannot assume the role (LINK_TRUST_DOES_NOT_ADMIT_SA)`;
}
