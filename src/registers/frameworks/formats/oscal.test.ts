import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { FrameworkFileError, type ImportReader, type ParsedFramework, type ParsedRequirement } from './parsed.ts';
import { parseOscal } from './oscal.ts';

const FIXTURES = new URL('../../../../test/fixtures/frameworks/oscal/', import.meta.url);
// NIST's published content, kept outside the repository; the tests that need it skip where it is absent.
const NIST = new URL('../../../../../shared/frameworks/oscal/content/', import.meta.url);
const noNist = existsSync(NIST) ? false : 'the shared NIST OSCAL content (../shared/frameworks/oscal) is not present';

const nistText = (path: string) => readFileSync(new URL(path, NIST), 'utf8');
const rev5 = (name: string) => nistText(`sp800-53-rev5/NIST_SP-800-53_rev5_${name}.json`);

/** Reads imports relative to `dir` and records what was asked for. */
function readerFrom(dir: URL, asked: string[] = []): ImportReader {
  return async (href) => {
    asked.push(href);
    const url = new URL(href, dir);
    return existsSync(url) ? readFileSync(url, 'utf8') : null;
  };
}

async function parseFixture(name: string, asked: string[] = [], catalogOverride?: string): Promise<ParsedFramework> {
  const url = new URL(name, FIXTURES);
  const library = await parseOscal(name, readFileSync(url, 'utf8'), { readImport: readerFrom(new URL('.', url), asked), catalogOverride });
  assert.equal(library.frameworks.length, 1);
  assert.deepEqual(library.mappingSets, []);
  const [framework] = library.frameworks;
  assert.ok(framework);
  return framework;
}

function byKey(framework: ParsedFramework, key: string): ParsedRequirement {
  const requirement = framework.requirements.find((r) => r.key === key);
  assert.ok(requirement, `requirement ${key}`);
  return requirement;
}

/** Every control and enhancement id in an OSCAL catalog, found by walking the JSON here rather than by the parser. */
function catalogIds(text: string): string[] {
  type Node = { id?: string; controls?: Node[]; groups?: Node[] };
  const ids: string[] = [];
  const visit = (node: Node): void => {
    for (const control of node.controls ?? []) {
      if (control.id) ids.push(control.id);
      visit(control);
    }
    for (const group of node.groups ?? []) visit(group);
  };
  visit((JSON.parse(text) as { catalog: Node }).catalog);
  return ids;
}

async function rejectsWith(work: Promise<unknown>, patterns: RegExp[], at?: string): Promise<FrameworkFileError> {
  let caught: unknown;
  await assert.rejects(work, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof FrameworkFileError, `expected a FrameworkFileError, got ${String(caught)}`);
  for (const pattern of patterns) assert.match(caught.message, pattern);
  if (at !== undefined) assert.ok(caught.problems.some((p) => p.at === at), `a problem at ${at} in ${JSON.stringify(caught.problems)}`);
  return caught;
}

const noImports: ImportReader = async () => null;

test('NIST SP 800-53 rev5 LOW, MODERATE and HIGH profiles resolve to exactly the controls of NIST’s resolved catalogs', { skip: noNist }, async () => {
  const high = rev5('HIGH-baseline-resolved-profile_catalog-min');
  for (const [level, count] of [['LOW', 149], ['MODERATE', 287], ['HIGH', 370]] as const) {
    const resolvedText = rev5(`${level}-baseline-resolved-profile_catalog-min`);
    const expected = catalogIds(resolvedText);
    assert.equal(expected.length, count, `NIST's ${level} resolved catalog`);

    const profileText = rev5(`${level}-baseline_profile`);
    const profile = (await parseOscal(`${level}.json`, profileText, { readImport: noImports, catalogOverride: high })).frameworks[0];
    assert.ok(profile);
    assert.equal(profile.requirements.length, count, level);
    assert.deepEqual(new Set(profile.requirements.map((r) => r.key)), new Set(expected));
    const meta = (JSON.parse(profileText) as { profile: { uuid: string; metadata: { title: string; version: string } } }).profile;
    assert.equal(profile.format, 'oscal-profile');
    assert.equal(profile.externalId, meta.uuid);
    assert.equal(profile.name, meta.metadata.title);
    assert.equal(profile.version, meta.metadata.version);
    // The version is not in the code, so NIST's next release of the baseline updates the same framework.
    assert.equal(profile.code, `nist-special-publication-800-53-revision-${level.toLowerCase()}-impact-baseline`);
    assert.ok(profile.code.length <= 80);
    assert.equal(profile.publisher, 'Joint Task Force, Transformation Initiative');

    const direct = (await parseOscal(`${level}-resolved.json`, resolvedText, { readImport: noImports })).frameworks[0];
    assert.ok(direct);
    assert.equal(direct.format, 'oscal-catalog');
    assert.equal(direct.requirements.length, count);
    assert.deepEqual(direct.requirements.map((r) => r.key), expected);
  }
});

test('a resolved rev5 baseline keeps structure, parameters and statement text', { skip: noNist }, async () => {
  const low = (await parseOscal('LOW.json', rev5('LOW-baseline_profile'), { readImport: noImports, catalogOverride: rev5('HIGH-baseline-resolved-profile_catalog-min') })).frameworks[0];
  assert.ok(low);
  const ac2 = byKey(low, 'ac-2');
  assert.equal(ac2.title, 'Account Management');
  assert.equal(ac2.level, 'control');
  assert.deepEqual(ac2.details.family, 'ac');
  assert.deepEqual(ac2.details.familyTitle, 'Access Control');
  assert.match(ac2.text, /^a\. Define and document the types of accounts allowed and specifically prohibited for use within the system;$/m);
  assert.match(ac2.text, /^j\. Review accounts for compliance with account management requirements \[Assignment: frequency\];$/m);
  const ia21 = byKey(low, 'ia-2.1');
  assert.equal(ia21.parentKey, 'ia-2');
  assert.equal(ia21.level, 'enhancement');
  assert.match(byKey(low, 'ac-1').text, /\[Selection \(one or more\): organization-level; mission\/business process-level; system-level\]/);
  assert.ok(low.requirements.every((r, i) => r.position === i && r.assessable));
});

test('the real profiles set no parameters, so a set-parameters added to one shows in the text', { skip: noNist }, async () => {
  const doc = JSON.parse(rev5('LOW-baseline_profile')) as { profile: Record<string, unknown> };
  assert.equal(doc.profile.modify, undefined);
  doc.profile.modify = { 'set-parameters': [{ 'param-id': 'ac-01_odp.05', values: ['every year'] }] };
  const low = (await parseOscal('LOW.json', JSON.stringify(doc), { readImport: noImports, catalogOverride: rev5('HIGH-baseline-resolved-profile_catalog-min') })).frameworks[0];
  assert.ok(low);
  assert.match(byKey(low, 'ac-1').text, /^1\. Policy every year and following \[Assignment: events\] ; and$/m);
  assert.equal((byKey(low, 'ac-1').details.parameters as Record<string, string>)['ac-01_odp.05'], 'every year');
});

test('a real profile without its catalog names the missing file and the --catalog option', { skip: noNist }, async () => {
  const asked: string[] = [];
  await rejectsWith(
    parseOscal('LOW.json', rev5('LOW-baseline_profile'), { readImport: readerFrom(new URL('sp800-53-rev5/', NIST), asked) }),
    [/NIST_SP-800-53_rev5_catalog\.json/, /--catalog FILE/, /not found/],
    '/profile/imports/0/href',
  );
  // The back-matter resource offers XML, JSON and YAML; only the JSON one is read.
  assert.deepEqual(asked, ['../../../../nist.gov/SP800-53/rev5/json/NIST_SP-800-53_rev5_catalog.json']);
});

test('the rev4 catalog (OSCAL 1.1.1) and NIST’s basic example catalog parse in full', { skip: noNist }, async () => {
  const rev4Text = nistText('sp800-53-rev4/NIST_SP-800-53_rev4_catalog-min.json');
  const rev4 = (await parseOscal('rev4.json', rev4Text, { readImport: noImports })).frameworks[0];
  assert.ok(rev4);
  const ids = catalogIds(rev4Text);
  assert.equal(ids.length, 922);
  assert.deepEqual(rev4.requirements.map((r) => r.key), ids);
  // rev4 marks withdrawn controls with status "Withdrawn": they stay, but are not assessed.
  const withdrawn = (rev4Text.match(/\{"name":"status","value":"Withdrawn"\}/g) ?? []).length;
  assert.ok(withdrawn > 0);
  assert.equal(rev4.requirements.filter((r) => !r.assessable).length, withdrawn);
  assert.equal(byKey(rev4, 'ac-3.1').details.withdrawn, true);
  assert.match(byKey(rev4, 'ac-1').text, /^The organization:\na\. Develops, documents, and disseminates to \[Assignment: organization-defined personnel or roles\]:$/m);

  const basicText = nistText('examples/basic-catalog.json');
  const basic = (await parseOscal('basic.json', basicText, { readImport: noImports })).frameworks[0];
  assert.ok(basic);
  assert.deepEqual(basic.requirements.map((r) => r.key), catalogIds(basicText));
  assert.equal(basic.requirements.length, 4);
  const first = byKey(basic, 's1.1.1');
  assert.deepEqual([first.details.family, first.details.group], ['s1', 's1.1']);
  assert.match(first.text, /\[Selection \(one or more\): initiating a device lock after \[Assignment: a duration\] of inactivity;/);
});

test('the own catalog: every control and enhancement, in order, with families, parameters and metadata', async () => {
  const catalog = await parseFixture('catalog.json');
  assert.equal(catalog.format, 'oscal-catalog');
  assert.equal(catalog.code, 'example-cyber-hygiene-controls');
  assert.equal(catalog.name, 'Example Cyber Hygiene Controls');
  assert.equal(catalog.version, '2.0');
  assert.equal(catalog.externalId, '5e0c0a1d-0000-4000-8000-000000000001');
  assert.equal(catalog.publisher, 'Example Standards Body');
  assert.equal(catalog.attribution, '© Example Standards Body 2025, licensed under CC BY 4.0');
  assert.match(catalog.description, /^Invented for Custodian's tests/);
  assert.deepEqual(catalog.profileTargets, []);
  assert.deepEqual(
    catalog.requirements.map((r) => [r.key, r.parentKey, r.level, r.position]),
    [
      ['gv-1', null, 'control', 0],
      ['gv-2', null, 'control', 1],
      ['gv-2.1', 'gv-2', 'enhancement', 2],
      ['gv-2.2', 'gv-2', 'enhancement', 3],
      ['gv-3', null, 'control', 4],
      ['op-1', null, 'control', 5],
      ['op-2', null, 'control', 6],
      ['op-2.1', 'op-2', 'enhancement', 7],
      ['op-3', null, 'control', 8],
    ],
  );
  const gv1 = byKey(catalog, 'gv-1');
  assert.equal(gv1.externalId, 'gv-1');
  assert.equal(gv1.text, 'a. Approve a security policy and share it with [Assignment: organization-defined personnel or roles];\nb. Review the policy [Assignment: organization-defined frequency].');
  assert.deepEqual(gv1.details, {
    family: 'gv',
    familyTitle: 'Governance',
    label: 'GV-1',
    parameters: { 'gv-1_prm_1': '[Assignment: organization-defined frequency]', 'gv-1_prm_2': '[Assignment: organization-defined personnel or roles]' },
  });
  assert.equal(byKey(catalog, 'gv-2').text, 'Keep an inventory of assets and review it monthly.');
  assert.equal(byKey(catalog, 'op-1').text, 'a. Deploy malware protection [Selection (one or more): at endpoints; at mail gateways; at web proxies];\nb. Update its signatures daily.');
  assert.equal(byKey(catalog, 'op-3').text, 'Record security events centrally and keep them for [Assignment: retention period].');
  const gv3 = byKey(catalog, 'gv-3');
  assert.deepEqual([gv3.assessable, gv3.details.withdrawn, gv3.text], [false, true, '']);
  assert.equal(catalog.requirements.filter((r) => r.assessable).length, 8);
});

test('a profile imports its catalog by relative path and merges as-is', async () => {
  const asked: string[] = [];
  const profile = await parseFixture('profile-relative.json', asked);
  assert.deepEqual(asked, ['catalog.json']);
  assert.equal(profile.format, 'oscal-profile');
  assert.equal(profile.code, 'example-relative-import-profile');
  assert.equal(profile.externalId, '5e0c0a1d-0000-4000-8000-000000000010');
  assert.deepEqual(profile.requirements.map((r) => r.key), ['gv-1', 'gv-2.1', 'op-1']);
  // gv-2.1 is selected without gv-2: it is still an enhancement, but has no parent among the requirements.
  const orphan = byKey(profile, 'gv-2.1');
  assert.deepEqual([orphan.parentKey, orphan.level], [null, 'enhancement']);
  assert.deepEqual([byKey(profile, 'op-1').details.family, byKey(profile, 'op-1').details.familyTitle], ['op', 'Operations']);
});

test('a profile imports through a back-matter resource, reading its JSON rlink, and merges flat', async () => {
  const asked: string[] = [];
  const profile = await parseFixture('profile-back-matter.json', asked);
  assert.deepEqual(asked, ['catalog.json']);
  assert.equal(profile.requirements.length, 9);
  assert.ok(profile.requirements.every((r) => !('family' in r.details)));
  assert.equal(byKey(profile, 'gv-2.2').parentKey, 'gv-2');
  assert.equal(byKey(profile, 'gv-3').assessable, false);
});

test('a back-matter resource may carry the catalog itself, base64-encoded', async () => {
  const catalog = readFileSync(new URL('catalog.json', FIXTURES), 'utf8');
  const doc = JSON.parse(readFileSync(new URL('profile-back-matter.json', FIXTURES), 'utf8')) as {
    profile: { 'back-matter': { resources: Record<string, unknown>[] } };
  };
  const [resource] = doc.profile['back-matter'].resources;
  assert.ok(resource);
  delete resource.rlinks;
  resource.base64 = { filename: 'catalog.json', 'media-type': 'application/oscal.catalog+json', value: Buffer.from(catalog).toString('base64') };
  const asked: string[] = [];
  const profile = (await parseOscal('embedded.json', JSON.stringify(doc), { readImport: readerFrom(FIXTURES, asked) })).frameworks[0];
  assert.equal(profile?.requirements.length, 9);
  assert.deepEqual(asked, []);
});

test('with-child-controls, matching globs and exclude-controls select the expected controls', async () => {
  const profile = await parseFixture('profile-selection.json');
  assert.deepEqual(profile.requirements.map((r) => r.key), ['gv-2', 'gv-2.1', 'op-1', 'op-2', 'op-3']);
  assert.equal(byKey(profile, 'gv-2.1').parentKey, 'gv-2');
  assert.deepEqual(profile.requirements.map((r) => r.position), [0, 1, 2, 3, 4]);
});

test('set-parameters and alters change the statement text', async () => {
  const profile = await parseFixture('profile-tailored.json');
  assert.equal(profile.requirements.length, 9);
  // set-parameters replaced a label; alters removed item b and added item c after item a.
  assert.equal(byKey(profile, 'gv-1').text, 'a. Approve a security policy and share it with [Assignment: the senior information risk owner];\nc. Publish the policy where all staff can read it.');
  assert.equal((byKey(profile, 'gv-1').details.parameters as Record<string, string>)['gv-1_prm_1'], 'every 12 months');
  // The statement was removed by name and a new one added to the control.
  assert.equal(byKey(profile, 'gv-2').text, 'Keep an inventory of information assets and review it monthly.');
  assert.match(byKey(profile, 'op-1').text, /\nb\. Update its signatures daily\.\nc\. Report detections to the security team\.$/);
  const op3 = byKey(profile, 'op-3');
  assert.equal(op3.title, 'Security logging');
  assert.equal(op3.text, 'Record security events centrally and keep them for one year.');
});

test('a custom merge places only the inserted controls, in the order asked, under the new group', async () => {
  const profile = await parseFixture('profile-custom.json');
  assert.deepEqual(profile.requirements.map((r) => [r.key, r.details.family, r.details.familyTitle]), [
    ['op-1', 'core', 'Core controls'],
    ['gv-1', 'core', 'Core controls'],
  ]);
});

test('a profile importing a profile resolves the inner one first, relative to where it lives', async () => {
  const asked: string[] = [];
  const profile = await parseFixture('nested/profile-nested.json', asked);
  assert.deepEqual(asked, ['../profile-tailored.json', '../catalog.json']);
  assert.deepEqual(profile.requirements.map((r) => r.key), ['gv-1', 'op-3']);
  const gv1 = byKey(profile, 'gv-1');
  assert.match(gv1.text, /\nc\. Publish the policy where all staff can read it\.$/);
  assert.equal((gv1.details.parameters as Record<string, string>)['gv-1_prm_1'], 'every 6 months');
  assert.equal(byKey(profile, 'op-3').title, 'Security logging');
});

test('profiles that import each other are refused', async () => {
  await rejectsWith(parseFixture('cycle-a.json'), [/imports itself: cycle-a\.json → cycle-b\.json → cycle-a\.json/, /Remove the import/]);
});

test('the --catalog override stands in for every import and must be a catalog', async () => {
  const catalog = readFileSync(new URL('catalog.json', FIXTURES), 'utf8');
  const asked: string[] = [];
  const profile = await parseFixture('profile-missing-catalog.json', asked, catalog);
  assert.deepEqual(asked, []);
  assert.equal(profile.requirements.length, 9);
  const relative = readFileSync(new URL('profile-relative.json', FIXTURES), 'utf8');
  await rejectsWith(parseFixture('profile-missing-catalog.json', [], relative), [/--catalog file is an OSCAL profile/]);
});

test('text that is not JSON, or not a catalog or profile, is refused', async () => {
  await rejectsWith(parseOscal('broken.json', '{ "catalog": ', { readImport: noImports }), [/not valid JSON/, /OSCAL JSON/]);
  await rejectsWith(parseOscal('ssp.json', '{ "system-security-plan": {} }', { readImport: noImports }), [/neither an OSCAL catalog nor an OSCAL profile/, /"system-security-plan"/]);
  await rejectsWith(parseOscal('list.json', '[]', { readImport: noImports }), [/"catalog" or "profile" key/]);
});

test('a schema-invalid catalog lists its problems with their JSON pointers', async () => {
  const error = await rejectsWith(parseFixture('bad-schema-catalog.json'), [/required field "title"/, /"bad id!"/, /OSCAL 1\.2\.1 catalog schema/], '/catalog/controls/1');
  assert.ok(error.problems.some((p) => p.at === '/catalog/controls/2/id'));
  assert.ok(!error.problems.some((p) => p.at.startsWith('/catalog/controls/0')));
});

test('a profile fitting none of a schema’s alternative forms is told what each form needs', async () => {
  const doc = JSON.parse(readFileSync(new URL('profile-selection.json', FIXTURES), 'utf8')) as { profile: { imports: Record<string, unknown>[] } };
  const [first] = doc.profile.imports;
  assert.ok(first);
  first['include-all'] = {};
  await rejectsWith(parseOscal('both.json', JSON.stringify(doc), { readImport: noImports }), [/fits none of the forms OSCAL allows here/, /remove "include-all"/, /remove "include-controls"/], '/profile/imports/0');
});

test('an imported file that breaks its schema is reported with the import’s href', async () => {
  const bad = readFileSync(new URL('bad-schema-catalog.json', FIXTURES), 'utf8');
  const text = readFileSync(new URL('profile-relative.json', FIXTURES), 'utf8');
  await rejectsWith(parseOscal('profile-relative.json', text, { readImport: async () => bad }), [/required field "title"/], 'catalog.json#/catalog/controls/1');
});

test('an OSCAL version without a schema is refused, naming the supported ones', async () => {
  const text = readFileSync(new URL('catalog.json', FIXTURES), 'utf8').replace('"oscal-version": "1.1.2"', '"oscal-version": "2.0.0"');
  await rejectsWith(parseOscal('catalog.json', text, { readImport: noImports }), [/"2\.0\.0" is not supported/, /1\.0\.x, 1\.1\.x, 1\.2\.x/], '/catalog/metadata/oscal-version');
});

test('duplicate control ids are refused, pointing at the repeat', async () => {
  await rejectsWith(parseFixture('duplicate-ids-catalog.json'), [/"dup-1" is used again \(first at \/catalog\/groups\/0\/controls\/0\)/, /own id/], '/catalog/groups/1/controls/0');
});

test('a profile whose catalog is missing says where it looked and how to supply it', async () => {
  await rejectsWith(parseFixture('profile-missing-catalog.json'), [/"no-such-catalog\.json"/, /not found/, /--catalog FILE/, /beside the profile/], '/profile/imports/0/href');
});

test('a profile naming controls its catalog lacks lists them all', async () => {
  const error = await rejectsWith(parseFixture('profile-unknown-ids.json'), [/no controls "zz-9", "zz-10" to include/, /no control "qq-1" to exclude/, /correct the ids/]);
  assert.deepEqual(error.problems.map((p) => p.at), ['/profile/imports/0/include-controls', '/profile/imports/0/exclude-controls']);
});
