// What bounding V8's young generation (--max-semi-space-size) does to our server: its memory high-water
// mark after the largest bench documents, and the keystroke latency on the 100- and 1,000-statement policies.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Editor, SERVER_NODE_OPTIONS } from './servers.mjs';
import { ms, p50 } from './stats.mjs';

const KEYSTROKES = 20;
/** `documents`: the bench's groups; the policies and the 1 MB JSON are typed in and opened under each setting. */
export async function measureSemiSpace(table, { groups, sizes = [undefined, 8, 4, 2] }) {
  const chosen = groups.filter((g) => g.large || /^policy, 1?[0,]*00 statements/.test(g.label)).flatMap((g) => g.documents);
  const workspace = mkdtempSync(join(tmpdir(), 'iam-irsa-bench-semi-space-'));
  table.section('Young generation: --max-semi-space-size (MB) → memory high-water mark and keystroke latency');
  try {
    for (const document of chosen) {
      const path = join(workspace, document.name);
      mkdirSync(workspace, { recursive: true });
      writeFileSync(path, document.text);
      document.fileUri = pathToFileURL(path).toString();
    }
    for (const size of sizes) {
      // After the extension's own options (SERVER_NODE_OPTIONS): 0 is node's default.
      const editor = await Editor.start('ours', workspace, { nodeArgs: [`--max-semi-space-size=${size ?? 0}`] });
      const keystrokes = [];
      for (const document of chosen) {
        await editor.open(document.fileUri, document.text, 'json');
        if (!document.large) for (let i = 0; i < KEYSTROKES; i++) keystrokes.push(await editor.type(document.fileUri, document.places.typing + i, 'x'));
        await editor.close(document.fileUri);
      }
      const launched = SERVER_NODE_OPTIONS.includes(`--max-semi-space-size=${size}`) ? ' (as the extension starts it)' : '';
      table.figure(
        `${size ? `${size} MB` : 'node default'}${launched}: VmHWM after the policies and the 1 MB JSON`,
        `${editor.memoryHighWater()?.toFixed(0)} MB`,
        {
          peerName: 'keystroke',
          peerValue: ms(p50(keystrokes)),
        },
      );
      await editor.stop();
    }
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
