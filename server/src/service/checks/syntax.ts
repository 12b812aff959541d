import { KubernetesFile, PolicyFile } from '../parse/document';
import { Finding } from './finding';

export function checkJsonSyntax(file: PolicyFile): Finding[] {
  return file.json.errors.map((e) => ({ code: 'JSON_SYNTAX_ERROR', start: e.start, end: e.end, message: e.message }));
}

/** Helm templates are not YAML until rendered: their "syntax errors" are noise, so none are reported. */
export function checkYamlSyntax(file: KubernetesFile): Finding[] {
  if (file.yaml.isTemplate) return [];
  return file.yaml.errors.map((e) => ({ code: 'K8S_YAML_SYNTAX', start: e.start, end: e.end, message: `YAML: ${e.message}` }));
}
