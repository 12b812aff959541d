// A second LSP client: headless Neovim (Debian's neovim, 0.7+) starts `iam-irsa-language-server --stdio`
// as the README's config does, opens files of a copy of examples/ and reports what it holds.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { REPO_ROOT } from '../support/lspClient';

const CONFIG = path.join(REPO_ROOT, 'test', 'neovim', 'iam-irsa.lua');
const SESSION = path.join(REPO_ROOT, 'test', 'neovim', 'session.lua');
const BIN = path.join(REPO_ROOT, 'bin', 'iam-irsa-language-server.js');
/** Each wait inside Neovim; the whole session is killed after twice as long plus start-up. */
const WAIT_MS = 20_000;

const POLICY = 'broken/dev-team-a-policy.json';
const ACCOUNTS = 'broken/service-accounts.yaml';
const SCRIPT = 'broken/create-roles.sh';
const TERRAFORM = 'terraform/dev-team-a.tf';

/** Neovim's vim.diagnostic entries, as session.lua writes them (0-based lines, byte columns). */
interface NeovimDiagnostic {
  code: string;
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  severity: number;
  source: string;
  message: string;
}

interface Session {
  error?: string;
  timedOut: string[];
  stopped: boolean;
  timings: Record<string, number>;
  log: string[];
  files: Record<string, { filetype: string; clients: string[]; diagnostics: NeovimDiagnostic[] }>;
  answers: Record<string, { ms: number; error?: unknown; result?: any }>;
  fix?: { found: boolean; titles?: string[]; applied?: string; line?: string; diagnostics?: NeovimDiagnostic[] };
}

/** Why Neovim cannot run this test here, or undefined when it can. */
function missingNeovim(): string | undefined {
  const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) return 'nvim is not on PATH (install it: apt-get install -y neovim)';
  const [, minor] = /NVIM v0\.(\d+)/.exec(version.stdout) ?? [];
  if (minor !== undefined && Number(minor) < 7)
    return `${version.stdout.split('\n')[0]} has no vim.lsp.start_client with autocommands in Lua: Neovim 0.7 or later is needed`;
  return undefined;
}

const missing = missingNeovim();
if (missing !== undefined && process.env.CI !== 'true') console.log(`SKIPPED: ${missing}`);

/** True when Neovim can run; otherwise skips with the reason, and under CI=true fails. */
function neovimReady(t: TestContext): boolean {
  if (missing === undefined) return true;
  if (process.env.CI === 'true') assert.fail(`cannot run the Neovim test: ${missing} (CI=true: it must run, not skip)`);
  t.skip(`SKIPPED: ${missing}`);
  return false;
}

/** The 0-based line and column of the first `needle` in `text`. */
function find(text: string, needle: string): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} is in the file`);
  return { line, character: lines[line].indexOf(needle) };
}

const brief = (diagnostics: NeovimDiagnostic[]) => diagnostics.map((d) => [d.code, d.lnum, d.col, d.end_col]);

describe('Neovim (headless) with iam-irsa-language-server --stdio', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'iam-irsa-neovim-'));
  const root = path.join(scratch, 'examples');
  const text = (file: string) => readFileSync(path.join(root, file), 'utf8');
  let session: Session | undefined;

  before(() => {
    if (missing !== undefined) return;
    cpSync(path.join(REPO_ROOT, 'examples'), root, { recursive: true });
    // A Terraform policy with the same typo, to see Neovim's terraform filetype read.
    writeFileSync(path.join(root, TERRAFORM), text(TERRAFORM).replace('"s3:GetObject"', '"s3:GetObjct"'));
    // The bin on PATH, linked as `npm install -g` links it.
    const bin = path.join(scratch, 'bin');
    mkdirSync(bin);
    symlinkSync(BIN, path.join(bin, 'iam-irsa-language-server'));
    const policy = text(POLICY);
    const typo = find(policy, 's3:GetObjct');
    const putObject = find(policy, 's3:PutObject');
    const input = {
      out: path.join(scratch, 'session.json'),
      files: [POLICY, ACCOUNTS, SCRIPT, TERRAFORM],
      requests: [
        { name: 'hover', file: POLICY, method: 'textDocument/hover', position: { line: putObject.line, character: putObject.character + 4 } },
        { name: 'completion', file: POLICY, method: 'textDocument/completion', position: { line: typo.line, character: typo.character + 's3:Get'.length } },
      ],
      fix: { file: POLICY, code: 'INVALID_ACTION' },
      timeoutMs: WAIT_MS,
    };
    writeFileSync(path.join(scratch, 'input.json'), JSON.stringify(input));
    const started = Date.now();
    const nvim = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${CONFIG}`, '-c', `luafile ${SESSION}`], {
      cwd: root,
      encoding: 'utf8',
      timeout: 2 * WAIT_MS + 30_000,
      killSignal: 'SIGKILL',
      env: {
        ...process.env,
        PATH: [bin, path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
        IAM_IRSA_NVIM_INPUT: path.join(scratch, 'input.json'),
        // Neovim's LSP log and state go to the scratch folder, not to the user's home.
        XDG_CACHE_HOME: path.join(scratch, 'cache'),
        XDG_STATE_HOME: path.join(scratch, 'state'),
        XDG_DATA_HOME: path.join(scratch, 'data'),
      },
    });
    assert.equal(nvim.error, undefined, `nvim did not finish: ${String(nvim.error)}\n${nvim.stderr}`);
    assert.equal(nvim.status, 0, `nvim exited with ${nvim.status}\n${nvim.stderr}\n${readFileSync(input.out, 'utf8')}`);
    session = JSON.parse(readFileSync(input.out, 'utf8')) as Session;
    const t = session.timings;
    console.log(
      `neovim: ${Date.now() - started} ms in all; first diagnostics at ${t.firstDiagnostics} ms, workspace indexed at ${t.indexed} ms, settled at ${t.settled} ms, hover ${session.answers.hover?.ms} ms, completion ${session.answers.completion?.ms} ms`,
    );
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  /** The session's record, once Neovim has run and every wait inside it ended in time. */
  function ran(t: TestContext): Session | undefined {
    if (!neovimReady(t)) return undefined;
    assert.ok(session, 'Neovim wrote its session');
    assert.equal(session.error, undefined);
    assert.deepEqual(session.timedOut, []);
    return session;
  }

  test('attaches the server to JSON, YAML, shell and Terraform buffers and shuts it down on exit', (t) => {
    const s = ran(t);
    if (!s) return;
    assert.deepEqual(Object.fromEntries(Object.entries(s.files).map(([file, f]) => [file, [f.filetype, f.clients]])), {
      [POLICY]: ['json', ['iam-irsa']],
      [ACCOUNTS]: ['yaml', ['iam-irsa']],
      [SCRIPT]: ['sh', ['iam-irsa']],
      [TERRAFORM]: ['terraform', ['iam-irsa']],
    });
    assert.ok(
      s.log.some((line) => /^iam-irsa: indexed \d+ files/.test(line)),
      s.log.join('\n'),
    );
    assert.equal(s.stopped, true);
  });

  test('the misspelled action: INVALID_ACTION on s3:GetObjct, with the did-you-mean', (t) => {
    const s = ran(t);
    if (!s) return;
    const typo = find(text(POLICY), 's3:GetObjct');
    const [diagnostic] = s.files[POLICY].diagnostics;
    assert.deepEqual(brief(s.files[POLICY].diagnostics), [['INVALID_ACTION', typo.line, typo.character, typo.character + 's3:GetObjct'.length]]);
    assert.equal(diagnostic.severity, 1, 'vim.diagnostic.severity.ERROR');
    assert.equal(diagnostic.source, 'iam-irsa');
    assert.match(diagnostic.message, /"GetObjct" is not an action of Amazon S3 \(s3\); did you mean "s3:GetObject"\?/);
  });

  test("the ServiceAccount, once the workspace is indexed: its role's trust (another file) does not admit it", (t) => {
    const s = ran(t);
    if (!s) return;
    const arn = find(text(ACCOUNTS), 'arn:aws:iam::444455556666:role/DevTeamARole');
    assert.deepEqual(brief(s.files[ACCOUNTS].diagnostics), [
      ['LINK_TRUST_DOES_NOT_ADMIT_SA', arn.line, arn.character, arn.character + 'arn:aws:iam::444455556666:role/DevTeamARole'.length],
    ]);
    assert.match(
      s.files[ACCOUNTS].diagnostics[0].message,
      /trust policy of role "DevTeamARole" \(broken\/trust-policy-dev-team-a\.json\) does not admit system:serviceaccount:team-a:dev-team-a-sa/,
    );
  });

  test("the shell script (filetype sh) defines the roles and has no finding; the Terraform policy's typo is found", (t) => {
    const s = ran(t);
    if (!s) return;
    assert.deepEqual(s.files[SCRIPT].diagnostics, []);
    const typo = find(text(TERRAFORM), 's3:GetObjct');
    assert.deepEqual(brief(s.files[TERRAFORM].diagnostics), [['INVALID_ACTION', typo.line, typo.character, typo.character + 's3:GetObjct'.length]]);
  });

  test('hover on s3:PutObject: its access level, service and description', (t) => {
    const s = ran(t);
    if (!s) return;
    const { result, error } = s.answers.hover;
    assert.equal(error, undefined);
    assert.equal(result.contents.kind, 'markdown');
    assert.match(result.contents.value, /^\*\*`s3:PutObject`\*\* · Write · Amazon S3\n\nGrants permission to add an object to a bucket/);
  });

  test('completion after "s3:Get offers s3:GetObject, replacing the whole typo', (t) => {
    const s = ran(t);
    if (!s) return;
    const { result, error } = s.answers.completion;
    assert.equal(error, undefined);
    const items: { label: string; textEdit?: { newText: string; range: { start: { character: number }; end: { character: number } } } }[] =
      result.items ?? result;
    const getObject = items.find((item) => item.textEdit?.newText === 's3:GetObject');
    assert.ok(getObject, `s3:GetObject among ${items.length} items`);
    const typo = find(text(POLICY), 's3:GetObjct');
    assert.deepEqual(
      [getObject.textEdit!.range.start.character, getObject.textEdit!.range.end.character],
      [typo.character, typo.character + 's3:GetObjct'.length],
    );
  });

  test('the quick fix, applied by Neovim, corrects the line and the diagnostic goes away', (t) => {
    const s = ran(t);
    if (!s) return;
    assert.deepEqual(s.fix?.titles, ["Change to 's3:GetObject'"]);
    assert.equal(s.fix?.applied, "Change to 's3:GetObject'");
    assert.equal(s.fix?.line?.trim(), '"s3:GetObject",');
    assert.deepEqual(s.fix?.diagnostics, []);
  });
});
