import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractDocument } from './index.ts';
import type { Statement } from './index.ts';

function statements(markdown: string): Statement[] {
  return extractDocument(`# Test Policy\n\n${markdown}\n`, { fileName: 'test.md' }).statements;
}

function only(markdown: string): Statement {
  const found = statements(markdown);
  assert.equal(found.length, 1, `expected one statement, got ${JSON.stringify(found)}`);
  return found[0] as Statement;
}

test('must, shall and should, with their negatives', () => {
  assert.equal(only('Users must lock their screens.').modality, 'must');
  assert.equal(only('Users MUST NOT share passwords.').modality, 'must not');
  assert.equal(only('Secrets must never be stored in plain text.').modality, 'must not');
  assert.equal(only('Users shall log off.').modality, 'shall');
  assert.equal(only('Equipment shall not be left logged on.').modality, 'shall not');
  assert.equal(only('Keys should be rotated yearly.').modality, 'should');
  assert.equal(only('Secrets should never be shared.').modality, 'should not');
  assert.equal(only("Staff shouldn't print secrets.").modality, 'should not');
});

test('"is required to" and "mandatory" count as must', () => {
  const required = only('Every supplier is required to report incidents within 24 hours.');
  assert.equal(required.modality, 'must');
  assert.equal(required.actor, 'Every supplier');
  const mandatory = only('Security training is mandatory for all staff.');
  assert.equal(mandatory.modality, 'must');
  assert.equal(only('It is mandatory for all staff to complete the training.').actor, 'all staff');
  assert.deepEqual(statements('Additional controls may be required to meet specific regulations.'), []);
  assert.deepEqual(statements('You are not required to use your own devices.'), []);
});

test('"prohibited" and "not permitted" count as must not', () => {
  assert.equal(only('Use of personal email for work is prohibited.').modality, 'must not');
  const staff = only('Staff are not permitted to install software.');
  assert.equal(staff.modality, 'must not');
  assert.equal(staff.actor, 'Staff');
});

test('may grants a permission, but not when it speaks of possibility or consequence', () => {
  const permission = only('Line managers may approve remote working for up to 30 days.');
  assert.equal(permission.modality, 'may');
  assert.equal(permission.actor, 'Line managers');
  assert.equal(only('Personal devices may be used to read email.').modality, 'may');
  assert.equal(only('Only the DSO or ITSO are permitted to open the safe.').modality, 'may');
  assert.deepEqual(statements('Individuals may be subject to disciplinary processes as per MoJ HR Policy.'), []);
  assert.deepEqual(statements('This may result in data loss.'), []);
  assert.deepEqual(statements('Additional controls may be required.'), []);
  assert.deepEqual(statements('You may need to contact the service desk.'), []);
  assert.deepEqual(statements('The policy was approved in May 2021.'), []);
});

test('will states a duty, not a prediction', () => {
  const duty = only('The Security and Information Group (SIG) will regularly review this policy.');
  assert.equal(duty.modality, 'will');
  assert.equal(duty.actor, 'The Security and Information Group (SIG)');
  assert.equal(only('Routine compliance checks will be undertaken by SIG against this policy.').actor, 'SIG');
  assert.deepEqual(statements('The recovery time will vary based on the system.'), []);
  assert.deepEqual(statements('Ideally, the testing will take place automatically.'), []);
  assert.deepEqual(statements('This vigilance will help deter attacks.'), []);
});

test('a list under a lead-in gives one statement per item, with the lead-in’s modality and actor', () => {
  const found = statements('Everyone within the scope of this policy must ensure that:\n\n-   Data is classified.\n-   Incidents are reported.');
  assert.equal(found.length, 2);
  assert.deepEqual(found[0], { text: 'Everyone within the scope of this policy must ensure that data is classified.', modality: 'must', actor: 'Everyone within the scope of this policy', ref: null });
  const will = statements('All MoJ staff will:\n\n-   complete regular training\n-   seek help if unsure');
  assert.deepEqual(
    will.map((s) => [s.text, s.modality, s.actor]),
    [
      ['All MoJ staff will complete regular training', 'will', 'All MoJ staff'],
      ['All MoJ staff will seek help if unsure', 'will', 'All MoJ staff'],
    ],
  );
});

test('items with their own markers stand alone; an introducing lead-in is not a statement', () => {
  const found = statements('Users shall comply with the following:\n\n-   Screens shall be angled away from view.\n-   Users shall log off when they leave.');
  assert.deepEqual(found.map((s) => s.text), ['Screens shall be angled away from view.', 'Users shall log off when they leave.']);
  assert.equal(found[0]?.actor, 'Users', 'a passive item takes the lead-in’s actor');
});

test('a lead-in without a marker gives its items nothing', () => {
  assert.deepEqual(statements('Examples of information assets are:\n\n-   Databases.\n-   System documentation.'), []);
});

test('several modal clauses with their own subjects give several statements', () => {
  const found = statements('Staff must report incidents; managers should review them within a week.');
  assert.deepEqual(found.map((s) => [s.modality, s.actor]), [['must', 'Staff'], ['should', 'managers']]);
  assert.equal(statements('Systems MUST be interactive, and MUST store passwords in a protected form.').length, 1);
});

test('statement IDs in the forms the MoJ uses', () => {
  assert.equal(only('`POLACP001:` The MoJ **MUST** provide a unique ID for each user.').ref, 'POLACP001');
  assert.equal(only('`POLACP001:` The MoJ **MUST** provide a unique ID for each user.').text, 'The MoJ MUST provide a unique ID for each user.');
  assert.equal(only('**POL.ITDR.001:**\n\nEach IT system **must have** a recovery plan.').ref, 'POL.ITDR.001');
  assert.equal(only('-   **POL.TCP.109**\n\n    A log MUST be kept of all back-ups.').ref, 'POL.TCP.109');
  assert.equal(only('Systems must follow ISO 27001 controls.').ref, null);
});

test('mentions, questions, definitions and subordinate uses are not statements', () => {
  assert.deepEqual(statements('Use of the word MUST in this document complies with RFC 2119.'), []);
  assert.deepEqual(statements('What should you do if you lose a laptop?'), []);
  assert.deepEqual(statements("A 'secret' is defined here as information that should be kept private."), []);
  assert.deepEqual(statements('This guide explains when passwords should be changed.'), []);
  assert.deepEqual(statements('Should you need help, contact the service desk.'), []);
});

test('actors: active subject, passive agent, none for things', () => {
  assert.equal(only('When the MoJ uses suppliers, the Senior Responsible Officer (SRO) must ensure a risk assessment is done.').actor, 'the Senior Responsible Officer (SRO)');
  assert.equal(only('Strong passwords **MUST** be created and maintained by all users.').actor, 'all users');
  assert.equal(only('Passwords MUST NOT be stored in clear text.').actor, null);
  assert.equal(only('All systems MUST have recovery procedures.').actor, null);
});
