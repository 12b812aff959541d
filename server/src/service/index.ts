/** The language service's public face: what the server, the CLI and the tests use. */
export { Catalog, loadCatalog } from './catalog/catalog';
export { ManagedPolicies, ManagedPolicyData, ManagedPolicyDocument, MANAGED_POLICIES_FILE } from './catalog/managedPolicies';
export { CHECKS, CheckCode, CheckInfo, Severity } from './checks/registry';
export { FIX_ALL_KIND } from './features/fixes/codeActions';
export { SERVER_COMMANDS } from './features/commands/commands';
export { COMPLETION_TRIGGERS } from './features/completion/completion';
export { createLanguageService, LanguageService, loadResources, ServiceResources } from './languageService';
export { DOCS_BASE_URL } from './diagnostics';
export { isJsonLanguage, isYamlLanguage } from './parse/document';
export { describeSize, MAX_DOCUMENT_LENGTH } from './parse/sizeLimits';
export { DEFAULT_SETTINGS, readSettings, ServiceSettings, SeverityOverride } from './settings';
export { PolicyKind, POLICY_KINDS } from './parse/policyKind';
export { documentPath, languageIdOf, matchesGlob } from './workspace/paths';
export { serviceLanguageId } from './editorLanguages';
export { evaluate, Decision, Evaluation, StatementRef } from './evaluation/evaluate';
export { AccessRequest, ContextValue, podIdentitySessionTags, POD_IDENTITY_SESSION_TAGS } from './evaluation/context';
export { BatchAnswer, BatchEvaluator } from './evaluation/batch';
