import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { matchStatements, similarity } from './statement-matching.ts';

const existing = [
  { id: 'r1', key: 'SISP-001', ref: null, text: 'Everyone within the scope of this policy must ensure that all technology services are protected through security controls.' },
  { id: 'r2', key: 'SISP-002', ref: null, text: 'All MoJ staff will complete regular information security training.' },
  { id: 'r3', key: 'POL.TCP.001', ref: 'POL.TCP.001', text: 'Users must lock their screens when away from their desk.' },
  { id: 'r4', key: 'SISP-004', ref: null, text: 'Backups must be tested every year.' },
];

describe('a new version keeps the identity of its statements', () => {
  test('unchanged, lightly edited, renumbered, new and removed statements', () => {
    const outcome = matchStatements(existing, [
      { ref: null, text: 'All MoJ staff will complete regular information security training.' },
      { ref: 'POL.TCP.001', text: 'Staff must lock screens whenever they leave a device unattended.' },
      { ref: null, text: 'Everyone within the scope of this policy must ensure that all technology services are protected through proportionate security controls.' },
      { ref: null, text: 'Suppliers must report incidents within 24 hours.' },
    ]);
    assert.deepEqual(outcome.matches.map((m) => m.requirementId), ['r2', 'r3', 'r1', null]);
    assert.deepEqual(outcome.retired, ['r4']);
  });

  test('a rewording beyond recognition is a new requirement, and the old one retires', () => {
    const outcome = matchStatements([existing[3]!], [{ ref: null, text: 'Disaster recovery plans are exercised by the service owner twice a year.' }]);
    assert.deepEqual(outcome.matches.map((m) => m.requirementId), [null]);
    assert.deepEqual(outcome.retired, ['r4']);
  });

  test('two similar new statements cannot both take one requirement', () => {
    const outcome = matchStatements([existing[1]!], [
      { ref: null, text: 'All MoJ staff will complete regular information security training.' },
      { ref: null, text: 'All MoJ staff will complete regular information security training each year.' },
    ]);
    assert.deepEqual(outcome.matches.map((m) => m.requirementId), ['r2', null]);
  });

  test('a different statement ID is never the same requirement, whatever the wording', () => {
    const outcome = matchStatements([existing[2]!], [{ ref: 'POL.TCP.002', text: 'Users must lock their screens when away from their desk.' }]);
    assert.deepEqual(outcome.matches.map((m) => m.requirementId), [null]);
  });

  test('similarity is shared words over all words, ignoring case and punctuation', () => {
    assert.equal(similarity('Staff MUST lock screens.', 'staff must lock screens'), 1);
    assert.equal(similarity('alpha beta gamma', 'delta epsilon zeta'), 0);
    assert.equal(similarity('alpha beta gamma delta', 'alpha beta gamma epsilon'), 0.6);
  });
});
