// The parse floor: the parsers our engine reads JSON and YAML with, and nothing after them. The in-process
// floor (latency.mjs), the floor server (peers/parse-floor-server.mjs) and the index's and the CLI's floor (folderFloor.mjs)
// all parse with these.
import { parseTree } from 'jsonc-parser';
import { parseAllDocuments } from 'yaml';

/** By VS Code's language id. */
export const parse = { json: (text) => parseTree(text, []), yaml: (text) => parseAllDocuments(text) };
