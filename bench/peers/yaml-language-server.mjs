// yaml-language-server as its own bin starts it, but with its validation delay (a fixed 200 ms
// debounce, not work) at 0: it has no pull diagnostics, so this is how its figures hold no debounce.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const packageJson = require.resolve('yaml-language-server/package.json');
process.env.YAML_LANGUAGE_SERVER_VERSION = JSON.parse(readFileSync(packageJson, 'utf8')).version;
const { SettingsState } = await import('yaml-language-server/out/src/yamlSettings.js');
Object.defineProperty(SettingsState.prototype, 'validationDelayMs', { get: () => 0, set: () => {} });
await import('yaml-language-server/out/src/server.js');
