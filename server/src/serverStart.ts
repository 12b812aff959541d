import { availableParallelism } from 'os';
import { installedManagedPolicies } from './managedPolicyFile';
import { createLanguageService, LanguageService, ServiceResources, loadResourcesFirst, needsGrammars, ServiceSettings } from './service';

/**
 * The server's start: the catalogue and the grammars load in the background from the moment the
 * process starts. The service is ready with the catalogue; the grammars, which only scripts and
 * Terraform need, come after: the first diagnostics of a policy or a manifest do not wait for them.
 * `readFile` reads a workspace file from disk (the permission features read the policies the index names).
 * `serviceFor` gives the service once it can read a document of the language (undefined: any).
 */
export function startService(
  settings: () => ServiceSettings,
  readFile: ServiceResources['readFile'],
  error: (message: string) => void,
): { service: Promise<LanguageService | undefined>; serviceFor: (languageId: string | undefined) => Promise<LanguageService | undefined> } {
  const resources = loadResourcesFirst(installedManagedPolicies());
  const service = resources.then(
    ({ resources }) => createLanguageService({ ...resources, readFile }, settings()),
    (cause: unknown) => {
      error(`iam-irsa: the IAM catalogue could not be loaded, no policy is checked: ${String(cause)}`);
      return undefined;
    },
  );
  // Resolves once scripts and Terraform files can be read (or, the grammars failing to load, never will be: said once).
  const grammars: Promise<void> = resources.then(
    ({ grammars }) =>
      grammars.catch((cause: unknown) =>
        error(`iam-irsa: the tree-sitter grammars could not be loaded, no script or Terraform file is read: ${String(cause)}`),
      ),
    () => undefined,
  );
  const serviceFor = async (languageId: string | undefined) => {
    const ready = await service;
    if (languageId === undefined || needsGrammars(languageId)) await grammars;
    return ready;
  };
  return { service, serviceFor };
}

/**
 * Worker threads reading the workspace at start (ended once it is indexed): none unless
 * IAM_IRSA_INDEX_THREADS asks (at most one per core). Measured on a loaded 2-core machine, they cost
 * more CPU (each warms its own JIT, facts and texts are copied back) and 50-100 MB more peak memory
 * than they saved in time; where cores are free, they take the reading off the main thread.
 */
export function indexThreads(): number {
  return Math.min(Number(process.env.IAM_IRSA_INDEX_THREADS) || 0, availableParallelism());
}
