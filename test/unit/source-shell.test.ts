import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACCOUNT, ANNOTATION, at, PROVIDER, serviceAccount, trustPolicy } from '../support/fixtures';
import { Fixing } from '../support/fixing';
import { TestWorkspace } from '../support/workspace';

/**
 * Policies a shell script writes itself (heredocs, `echo`, `printf`, `$(cat <<EOF …)`) and uses
 * through `file://`, checked in place; shell expansions in them; eksctl on the command line.
 */

function factsOf(ws: TestWorkspace, file: string) {
  const facts = ws.service.index.get(ws.uri(file))?.facts;
  assert.ok(facts, `${file} is not indexed`);
  return facts;
}

/** A trust for team-a/app (or `sub`), as a script writes it: two-space indentation, `${…}` left to the caller. */
function trust(sub = 'system:serviceaccount:team-a:app', extraAction = ''): string {
  return [
    '{',
    '  "Version": "2012-10-17",',
    '  "Statement": [',
    '    {',
    '      "Effect": "Allow",',
    `      "Principal": {"Federated": "arn:aws:iam::${ACCOUNT}:oidc-provider/${PROVIDER}"},`,
    `      "Action": ["sts:AssumeRoleWithWebIdentity"${extraAction ? `, "${extraAction}"` : ''}],`,
    `      "Condition": {"StringEquals": {"${PROVIDER}:sub": "${sub}", "${PROVIDER}:aud": "sts.amazonaws.com"}}`,
    '    }',
    '  ]',
    '}',
  ].join('\n');
}

const CREATE = 'aws iam create-role --role-name AppRole --assume-role-policy-document file://trust.json\n';
const OTHER = 'system:serviceaccount:default:other';

/** LINK_TRUST_DOES_NOT_ADMIT_SA on the team-a/app ServiceAccount annotated with AppRole. */
async function notAdmitted(script: string, files: Record<string, string> = {}): Promise<string[]> {
  const ws = await TestWorkspace.of({ ...files, 'create.sh': script, 'sa.yaml': serviceAccount() });
  return ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA');
}

describe('documents the script writes', () => {
  const writers: Record<string, (doc: string) => string> = {
    'cat <<EOF > f': (doc) => `cat <<EOF > trust.json\n${doc}\nEOF\n`,
    "cat << 'EOF' > f": (doc) => `cat << 'EOF' > trust.json\n${doc}\nEOF\n`,
    'cat <<-EOF >f (tabs)': (doc) => `cat <<-EOF >trust.json\n${doc.replace(/^/gm, '\t')}\n\tEOF\n`,
    'cat > f <<EOF': (doc) => `cat > trust.json <<EOF\n${doc}\nEOF\n`,
    'tee f <<EOF': (doc) => `tee trust.json <<EOF >/dev/null\n${doc}\nEOF\n`,
    "echo '…' > f": (doc) => `echo '${doc}' > trust.json\n`,
    "printf '%s' '…' > f": (doc) => `printf '%s' '${doc}' > trust.json\n`,
  };
  for (const [shape, write] of Object.entries(writers)) {
    test(`${shape}: the role's trust (good and bad twins), checked in place`, async () => {
      assert.deepEqual(await notAdmitted(write(trust()) + CREATE), [], shape);
      assert.deepEqual(await notAdmitted(write(trust(OTHER)) + CREATE), [ANNOTATION], shape);
      const script = write(trust(undefined, 's3:GetObjekt')) + CREATE;
      const ws = await TestWorkspace.of({ 'create.sh': script, 'sa.yaml': serviceAccount() });
      assert.deepEqual(ws.codes('create.sh', 'INVALID_ACTION'), [at(script, 's3:GetObjekt')], shape);
      const good = await TestWorkspace.of({ 'create.sh': write(trust()) + CREATE, 'sa.yaml': serviceAccount() });
      assert.deepEqual(good.validate('create.sh'), [], shape);
    });
  }

  test('in a heredoc, the did-you-mean fix edits the script in place, and a hover describes the action', async () => {
    const script = `cat <<-EOF > trust.json\n${trust(undefined, 'sts:TagSesion').replace(/^/gm, '\t')}\n\tEOF\n${CREATE}`;
    const ws = await TestWorkspace.of({ 'create.sh': script, 'sa.yaml': serviceAccount() });
    const fixing = Fixing.on(ws, 'create.sh', 'INVALID_ACTION');
    const title = fixing.titles('INVALID_ACTION').find((t) => t.includes('sts:TagSession'));
    assert.ok(title, JSON.stringify(fixing.titles()));
    const text = fixing.apply(title);
    assert.equal(text, script.replace('sts:TagSesion', 'sts:TagSession'));
    assert.deepEqual(ws.validate('create.sh'), []);
    const document = ws.document('create.sh');
    const hover = ws.service.doHover(document, document.positionAt(text.indexOf('AssumeRoleWithWebIdentity')));
    assert.match(hover ? (hover.contents as { value: string }).value : '', /AssumeRoleWithWebIdentity/);
  });

  test('the trust side of a mismatch is reported on the subject inside the heredoc', async () => {
    const script = `cat <<EOF > trust.json\n${trust(OTHER)}\nEOF\n${CREATE}`;
    const ws = await TestWorkspace.of({ 'create.sh': script, 'sa.yaml': serviceAccount() });
    assert.deepEqual(ws.codes('create.sh', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [at(script, OTHER)]);
  });

  test('$(cat <<EOF … EOF) as the option value: checked in place, and the role trust', async () => {
    const use = (doc: string) => `aws iam create-role --role-name AppRole --assume-role-policy-document "$(cat <<EOF\n${doc}\nEOF\n)"\n`;
    assert.deepEqual(await notAdmitted(use(trust())), []);
    assert.deepEqual(await notAdmitted(use(trust(OTHER))), [ANNOTATION]);
    const script = use(trust(undefined, 's3:GetObjekt'));
    const ws = await TestWorkspace.of({ 'create.sh': script });
    assert.deepEqual(ws.codes('create.sh', 'INVALID_ACTION'), [at(script, 's3:GetObjekt')]);
  });

  test('POLICY=$(cat <<EOF …) then --policy-document "$POLICY" twice: checked once, at the heredoc', async () => {
    const doc = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}';
    const script = `POLICY=$(cat <<'EOF'\n${doc}\nEOF\n)\naws iam put-role-policy --role-name AppRole --policy-name P --policy-document "$POLICY"\naws iam put-role-policy --role-name Other --policy-name P --policy-document "$POLICY"\n`;
    const ws = await TestWorkspace.of({ 'put.sh': script });
    assert.deepEqual(ws.codes('put.sh', 'INVALID_ACTION'), [at(script, 's3:GetObjekt')]);
    assert.deepEqual(
      factsOf(ws, 'put.sh').roles[0].permissions.map((p) => [p.kind, p.label]),
      [['inline', 'P']],
    );
  });

  test('POLICY=\'{…}\' then --policy-document "$POLICY": checked where it is assigned', async () => {
    const doc = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}';
    const script = `POLICY='${doc}'\naws iam put-role-policy --role-name AppRole --policy-name P --policy-document "$POLICY"\n`;
    const ws = await TestWorkspace.of({ 'put.sh': script });
    assert.deepEqual(ws.codes('put.sh', 'INVALID_ACTION'), [at(script, 's3:GetObjekt')]);
  });

  test('the script writing the file wins over the workspace file of that path (which is then not pinned)', async () => {
    const script = `cat <<EOF > trust.json\n${trust(OTHER)}\nEOF\n${CREATE}`;
    assert.deepEqual(await notAdmitted(script, { 'trust.json': trust() }), [ANNOTATION]);
    const ws = await TestWorkspace.of({ 'trust.json': trust(), 'create.sh': script });
    assert.equal(ws.service.index.policyUse(ws.uri('trust.json')), undefined);
    assert.deepEqual(factsOf(ws, 'create.sh').policyFiles, []);
    // Written after the use: the workspace file is the one used.
    const after = `${CREATE}cat <<EOF > trust.json\n${trust(OTHER)}\nEOF\n`;
    assert.deepEqual(await notAdmitted(after, { 'trust.json': trust() }), []);
  });

  test('a file the script fills with something else (a command, >>, tee -a) is used by no one', async () => {
    for (const write of [
      'aws iam get-role --role-name X > trust.json\n',
      `echo '${trust(OTHER)}' >> trust.json\n`,
      `tee -a trust.json <<EOF\n${trust(OTHER)}\nEOF\n`,
    ]) {
      const ws = await TestWorkspace.of({ 'trust.json': trust(OTHER), 'create.sh': write + CREATE, 'sa.yaml': serviceAccount() });
      assert.equal(factsOf(ws, 'create.sh').roles[0].trust, undefined, write);
      assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [], write);
    }
  });

  test('an unterminated heredoc writes nothing, and nothing throws', async () => {
    const script = `cat <<EOF > trust.json\n${trust(OTHER)}\n${CREATE}`;
    const ws = await TestWorkspace.of({ 'create.sh': script, 'sa.yaml': serviceAccount() });
    assert.doesNotThrow(() => ws.validate('create.sh'));
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
  });
});

describe('permission policies', () => {
  const doc = (action: string) => `{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "${action}", "Resource": "*"}]\n}`;

  test('put-role-policy of a heredoc file: an identity permission checked in place', async () => {
    const script = (action: string) =>
      `cat <<EOF > policy.json\n${doc(action)}\nEOF\naws iam put-role-policy --role-name AppRole --policy-name AppPolicy --policy-document file://policy.json\n`;
    const bad = script('s3:GetObjekt');
    const ws = await TestWorkspace.of({ 'put.sh': bad });
    assert.deepEqual(ws.codes('put.sh', 'INVALID_ACTION'), [at(bad, 's3:GetObjekt')]);
    assert.deepEqual(
      factsOf(ws, 'put.sh').roles[0].permissions.map((p) => [p.kind, p.label]),
      [['inline', 'AppPolicy']],
    );
    const good = await TestWorkspace.of({ 'put.sh': script('s3:GetObject') });
    assert.deepEqual(good.validate('put.sh'), []);
  });

  test('create-policy + attach-role-policy by an ARN built from variables: the role permission', async () => {
    const script = (name: string) =>
      [
        'ACCOUNT_ID=$(aws sts get-caller-identity --query Account --output text)',
        'POLICY_NAME=AppPolicy',
        `cat <<EOF > policy.json\n${doc('s3:GetObjekt')}\nEOF`,
        'aws iam create-policy --policy-name "$POLICY_NAME" --policy-document file://policy.json',
        `aws iam attach-role-policy --role-name AppRole --policy-arn "arn:aws:iam::\${ACCOUNT_ID}:policy/${name}"`,
        '',
      ].join('\n');
    const ws = await TestWorkspace.of({ 'create.sh': script('${POLICY_NAME}') });
    assert.deepEqual(ws.codes('create.sh', 'INVALID_ACTION'), [at(script(''), 's3:GetObjekt')]);
    const [role] = factsOf(ws, 'create.sh').roles;
    assert.deepEqual(
      role.permissions.map((p) => [p.kind, p.label]),
      [['managed', 'AppPolicy']],
    );
    const other = await TestWorkspace.of({ 'create.sh': script('OtherPolicy') });
    assert.deepEqual(
      factsOf(other, 'create.sh').roles[0].permissions.map((p) => [p.kind, p.label]),
      [['managed', 'arn:aws:iam::${ACCOUNT_ID}:policy/OtherPolicy']],
    );
  });

  test('create-policy of a workspace file: a customer managed permission whose document is that file', async () => {
    const script =
      'aws iam create-policy --policy-name AppPolicy --policy-document file://policy.json\naws iam attach-role-policy --role-name AppRole --policy-arn arn:aws:iam::111122223333:policy/AppPolicy\n';
    const ws = await TestWorkspace.of({ 'policy.json': doc('s3:GetObject'), 'create.sh': script });
    assert.deepEqual(
      factsOf(ws, 'create.sh').roles[0].permissions.map((p) => [p.kind, p.label, p.uri]),
      [['managed', 'AppPolicy', ws.uri('policy.json')]],
    );
    assert.equal(ws.service.index.policyUse(ws.uri('policy.json')), 'identity');
  });
});

describe('shell expansions in a document', () => {
  const templated = [
    '{',
    '  "Version": "2012-10-17",',
    '  "Statement": [{',
    '    "Effect": "Allow",',
    '    "Principal": {"Federated": "arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${OIDC_ENDPOINT#*//}"},',
    '    "Action": "sts:AssumeRoleWithWebIdentity",',
    '    "Condition": {"StringEquals": {',
    '      "${OIDC_ENDPOINT#*//}:sub": "system:serviceaccount:${NS:-"default"}:$SA",',
    '      "$(echo "$OIDC" | sed "s|https://||"):aud": "sts.amazonaws.com"',
    '    }}',
    '  }]',
    '}',
  ].join('\n');

  test('unassigned variables, $(…) and ${V#p}: template values, never flagged', async () => {
    const script = `cat <<EOF > trust.json\n${templated}\nEOF\n${CREATE}`;
    const ws = await TestWorkspace.of({ 'create.sh': script, 'sa.yaml': serviceAccount() });
    assert.deepEqual(ws.validate('create.sh'), []);
    // The subject is a template: it may admit team-a/app.
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
  });

  test('assigned literals are substituted (export, readonly, ${NS:-"default"}), and the subject judged', async () => {
    const head = (ns: string) => `readonly SA=app\nexport OIDC_ENDPOINT=https://${PROVIDER}\n${ns}`;
    const script = (ns: string) => `${head(ns)}cat <<EOF > trust.json\n${templated}\nEOF\n${CREATE}`;
    assert.deepEqual(await notAdmitted(script('NS=team-a\n')), []);
    assert.deepEqual(await notAdmitted(script('')), [ANNOTATION]); // NS unset: "default"
    const ws = await TestWorkspace.of({ 'create.sh': script(''), 'sa.yaml': serviceAccount() });
    const [role] = factsOf(ws, 'create.sh').roles;
    const subjects =
      role.trust?.kind === 'embedded' ? role.trust.policy.statements.flatMap((s) => s.subjects.flatMap((c) => c.values.map((v) => v.value))) : [];
    assert.deepEqual(subjects, ['system:serviceaccount:default:app']);
    // The subject's string is reported on its own quotes.
    const text = script('');
    assert.deepEqual(ws.codes('create.sh', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [at(text, 'system:serviceaccount:${NS')]);
  });

  test('${V-d}, ${V:-d}, ${V#p}, ${V%%p} of assigned values; ${V:?…} and a command stay unknown', async () => {
    const names = async (head: string, name: string) => {
      const ws = await TestWorkspace.of({ 'create.sh': `${head}\naws iam create-role --role-name "${name}" --assume-role-policy-document file://t.json\n` });
      return factsOf(ws, 'create.sh').roles.map((r) => r.name);
    };
    assert.deepEqual(await names('', '${PREFIX-App}${SUFFIX:-Role}'), ['AppRole']);
    assert.deepEqual(await names('SUFFIX=', '${PREFIX-App}${SUFFIX:-Role}'), ['AppRole']);
    assert.deepEqual(await names('SUFFIX=', '${PREFIX-App}${SUFFIX-Role}'), ['App']);
    assert.deepEqual(await names('URL=https://AppRole', '${URL#*//}'), ['AppRole']);
    assert.deepEqual(await names('F=AppRole.team.x', '${F%%.*}'), ['AppRole']);
    assert.deepEqual(await names('F=AppRole.team.x', '${F%.*}'), ['AppRole.team']);
    assert.deepEqual(await names('', '${NAME:?set NAME}'), []);
    assert.deepEqual(await names('NAME=$(whoami)', '${NAME:-AppRole}'), []);
  });

  test('the shape of the EKS user guide: provider and account from commands, namespace and name exported', async () => {
    const script = (ns: string) =>
      [
        'account_id=$(aws sts get-caller-identity --query "Account" --output text)',
        'oidc_provider=$(aws eks describe-cluster --name my-cluster --query "cluster.identity.oidc.issuer" --output text | sed -e "s/^https:\\/\\///")',
        `export namespace=${ns}`,
        'export service_account=app',
        'cat >trust-relationship.json <<EOF',
        '{',
        '  "Version": "2012-10-17",',
        '  "Statement": [',
        '    {',
        '      "Effect": "Allow",',
        '      "Principal": {',
        '        "Federated": "arn:aws:iam::$account_id:oidc-provider/$oidc_provider"',
        '      },',
        '      "Action": "sts:AssumeRoleWithWebIdentity",',
        '      "Condition": {',
        '        "StringEquals": {',
        '          "$oidc_provider:aud": "sts.amazonaws.com",',
        '          "$oidc_provider:sub": "system:serviceaccount:$namespace:$service_account"',
        '        }',
        '      }',
        '    }',
        '  ]',
        '}',
        'EOF',
        'aws iam create-role --role-name AppRole --assume-role-policy-document file://trust-relationship.json --description "app role"',
        'aws iam attach-role-policy --role-name AppRole --policy-arn=arn:aws:iam::$account_id:policy/my-policy',
        '',
      ].join('\n');
    const good = await TestWorkspace.of({ 'setup.sh': script('team-a'), 'sa.yaml': serviceAccount() });
    assert.deepEqual(good.validate('setup.sh'), []);
    assert.deepEqual(
      good.validate('sa.yaml').map((d) => d.code),
      [],
    );
    assert.deepEqual(
      factsOf(good, 'setup.sh').roles[0].permissions.map((p) => [p.kind, p.label]),
      [['managed', 'arn:aws:iam::${account_id}:policy/my-policy']],
    );
    const bad = await TestWorkspace.of({ 'setup.sh': script('default'), 'sa.yaml': serviceAccount() });
    assert.deepEqual(bad.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [ANNOTATION]);
  });

  test("a quoted heredoc ('EOF') is not expanded; in an unquoted one \\$ is a literal $", async () => {
    const sub = 'system:serviceaccount:$NS:app';
    const unquoted = `NS=team-a\ncat <<EOF > trust.json\n${trust(sub)}\nEOF\n${CREATE}`;
    assert.deepEqual(await notAdmitted(unquoted), []);
    assert.deepEqual(await notAdmitted(unquoted.replace('<<EOF', "<<'EOF'")), [ANNOTATION]);
    assert.deepEqual(await notAdmitted(unquoted.replace('$NS', '\\$NS')), [ANNOTATION]);
  });

  test('ranges after a substitution and after \\$ stay exact', async () => {
    const doc = [
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::$BUCKET/\\${aws:username}/*"},',
      '    {"Effect": "Allow", "Action": "s3:PutObjekt", "Resource": "arn:aws:s3:::$BUCKET/*"}]',
      '}',
    ].join('\n');
    const script = `BUCKET=a-much-longer-bucket-name\ncat <<EOF > p.json\n${doc}\nEOF\naws iam put-role-policy --role-name R --policy-name P --policy-document file://p.json\n`;
    const ws = await TestWorkspace.of({ 'put.sh': script });
    assert.deepEqual(ws.codes('put.sh', 'INVALID_ACTION'), [at(script, 's3:PutObjekt')]);
    const [d] = ws.validate('put.sh').filter((x) => x.code === 'INVALID_ACTION');
    assert.equal(d.range.end.character - d.range.start.character, 's3:PutObjekt'.length);
    assert.deepEqual(
      ws.validate('put.sh').map((x) => x.code),
      ['INVALID_ACTION'],
    );
  });
});

describe('eks and eksctl on the command line', () => {
  test('aws eks create-pod-identity-association with variables: the reference resolved', async () => {
    const script =
      'NS=team-a\nSA=app\nROLE_ARN=arn:aws:iam::111122223333:role/AppRole\naws eks create-pod-identity-association --cluster-name prod --namespace "$NS" --service-account "${SA}" --role-arn "$ROLE_ARN"\n';
    const ws = await TestWorkspace.of({ 'associate.sh': script });
    const [reference] = factsOf(ws, 'associate.sh').references;
    assert.deepEqual(
      [reference.kind, reference.arn, reference.serviceAccount?.namespace, reference.serviceAccount?.name],
      ['pod-identity', 'arn:aws:iam::111122223333:role/AppRole', 'team-a', 'app'],
    );
  });

  test('eksctl create iamserviceaccount: a role whose generated trust admits exactly that ServiceAccount', async () => {
    const script = (ns: string) =>
      `eksctl create iamserviceaccount --cluster prod --name app --namespace ${ns} --role-name AppRole --attach-policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess --role-only --approve\n`;
    const ws = await TestWorkspace.of({ 'irsa.sh': script('team-a'), 'sa.yaml': serviceAccount() });
    const [role] = factsOf(ws, 'irsa.sh').roles;
    assert.deepEqual([role.source, role.name, role.trust?.kind], ['eksctl', 'AppRole', 'embedded']);
    assert.deepEqual(
      role.permissions.map((p) => p.label),
      ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
    );
    assert.deepEqual(factsOf(ws, 'irsa.sh').serviceAccounts, []); // --role-only
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), []);
    const other = await TestWorkspace.of({ 'irsa.sh': script('team-b'), 'sa.yaml': serviceAccount() });
    assert.deepEqual(other.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [ANNOTATION]);
  });

  test('eksctl create iamserviceaccount without --role-only makes the ServiceAccount too', async () => {
    const script = 'eksctl create iamserviceaccount --name app --namespace team-a --cluster prod --role-name AppRole --approve\n';
    const ws = await TestWorkspace.of({ 'irsa.sh': script });
    assert.deepEqual(
      factsOf(ws, 'irsa.sh').serviceAccounts.map((s) => [s.namespace, s.name, s.namespaceExplicit]),
      [['team-a', 'app', true]],
    );
  });

  test('eksctl create podidentityassociation: --role-arn is a reference; without it a role trusting pods.eks', async () => {
    const withArn =
      'eksctl create podidentityassociation --cluster prod --namespace team-a --service-account-name app --role-arn arn:aws:iam::111122223333:role/AppRole\n';
    const ws = await TestWorkspace.of({ 'pia.sh': withArn });
    const [reference] = factsOf(ws, 'pia.sh').references;
    assert.deepEqual([reference.kind, reference.arn, reference.serviceAccount?.name], ['pod-identity', 'arn:aws:iam::111122223333:role/AppRole', 'app']);
    const made =
      'eksctl create podidentityassociation --cluster prod --namespace team-a --service-account-name app --role-name AppRole --permission-policy-arns arn:aws:iam::aws:policy/A,arn:aws:iam::aws:policy/B\n';
    const ws2 = await TestWorkspace.of({ 'pia.sh': made });
    const [role] = factsOf(ws2, 'pia.sh').roles;
    const statements = role.trust?.kind === 'embedded' ? role.trust.policy.statements : [];
    assert.deepEqual(
      statements.map((s) => [s.podIdentity, s.webIdentity]),
      [[true, false]],
    );
    assert.deepEqual(
      role.permissions.map((p) => p.label),
      ['arn:aws:iam::aws:policy/A', 'arn:aws:iam::aws:policy/B'],
    );
  });

  test('eksctl create podidentityassociation without --role-arn: the role it makes is linked to the ServiceAccount (lens, references from the manifest)', async () => {
    const script =
      'eksctl create podidentityassociation --cluster prod --namespace team-a --service-account-name app --role-name AppRole --permission-policy-arns arn:aws:iam::aws:policy/A\n';
    const manifest = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: team-a\n';
    const ws = await TestWorkspace.of({ 'pia.sh': script, 'sa.yaml': manifest });
    const lenses = ws.service.findCodeLenses(ws.document('pia.sh')).map((l) => l.command?.title);
    assert.ok(lenses.includes('Pod Identity: 1 association'), lenses.join(' | '));
    const document = ws.document('sa.yaml');
    const references = ws.service.findReferences(document, document.positionAt(manifest.indexOf('app') + 1), { includeDeclaration: false });
    assert.deepEqual(
      references.map((r) => `${r.uri.split('/').pop()}:${r.range.start.line + 1}`),
      ['pia.sh:1'],
    );
    assert.deepEqual(
      ws.validate('pia.sh').filter((d) => String(d.code).startsWith('LINK_')),
      [],
    );
  });
});

describe("the seed article's flow, with the trust written by the script", () => {
  const script = (sub: string) =>
    [
      '#!/bin/bash',
      'set -euo pipefail',
      `ACCOUNT_ID=${ACCOUNT}`,
      `OIDC_PROVIDER=${PROVIDER}`,
      'cat > trust-policy.json <<EOF',
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [',
      '    {',
      '      "Effect": "Allow",',
      '      "Principal": {"Federated": "arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${OIDC_PROVIDER}"},',
      '      "Action": "sts:AssumeRoleWithWebIdentity",',
      `      "Condition": {"StringEquals": {"\${OIDC_PROVIDER}:sub": "${sub}", "\${OIDC_PROVIDER}:aud": "sts.amazonaws.com"}}`,
      '    }',
      '  ]',
      '}',
      'EOF',
      'aws iam create-role --role-name DevTeamARole --assume-role-policy-document file://trust-policy.json',
      '',
    ].join('\n');
  const sa = serviceAccount({ name: 'dev-team-a-sa', namespace: 'my-namespace', arn: `arn:aws:iam::${ACCOUNT}:role/DevTeamARole` });

  test('the ServiceAccount it admits: no LINK_ finding; another one: LINK_TRUST_DOES_NOT_ADMIT_SA on both sides', async () => {
    const good = await TestWorkspace.of({ 'setup.sh': script('system:serviceaccount:my-namespace:dev-team-a-sa'), 'sa.yaml': sa });
    assert.deepEqual(
      good.validate('sa.yaml').map((d) => d.code),
      [],
    );
    assert.deepEqual(good.validate('setup.sh'), []);
    const text = script('system:serviceaccount:my-namespace:my-service-account');
    const bad = await TestWorkspace.of({ 'setup.sh': text, 'sa.yaml': sa });
    assert.deepEqual(bad.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [ANNOTATION]);
    assert.deepEqual(bad.codes('setup.sh', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [at(text, 'system:serviceaccount:my-namespace:my-service-account')]);
    const [role] = factsOf(bad, 'setup.sh').roles;
    const providers = role.trust?.kind === 'embedded' ? role.trust.policy.statements.flatMap((s) => s.providers.map((p) => [p.host, p.account])) : [];
    assert.deepEqual(providers, [[PROVIDER, ACCOUNT]]);
  });

  test('navigation: the annotation goes to the role in the script, and its hover names the heredoc trust', async () => {
    const text = script('system:serviceaccount:my-namespace:dev-team-a-sa');
    const ws = await TestWorkspace.of({ 'setup.sh': text, 'sa.yaml': sa });
    const document = ws.document('sa.yaml');
    const position = document.positionAt(sa.indexOf('DevTeamARole') + 1);
    const [target] = ws.service.findDefinition(document, position) as {
      targetUri?: string;
      uri?: string;
      targetSelectionRange?: unknown;
      range?: { start: { line: number; character: number } };
    }[];
    assert.equal(target.targetUri ?? target.uri, ws.uri('setup.sh'));
    const hover = ws.service.doHover(document, position);
    const value = hover ? (hover.contents as { value: string }).value : '';
    assert.match(value, /setup\.sh/);
    assert.match(value, /dev-team-a-sa/);
  });

  test('the article as written (file://trust-policy.json beside the script) keeps working', async () => {
    const ws = await TestWorkspace.of({
      'trust-policy.json': trustPolicy('system:serviceaccount:team-a:other'),
      'create.sh': 'aws iam create-role --role-name AppRole --assume-role-policy-document file://trust-policy.json\n',
      'sa.yaml': serviceAccount(),
    });
    assert.deepEqual(ws.codes('sa.yaml', 'LINK_TRUST_DOES_NOT_ADMIT_SA'), [ANNOTATION]);
    assert.equal(ws.service.index.policyUse(ws.uri('trust-policy.json')), 'trust');
  });
});
