// Generated policy documents: Markdown whose numbered "MUST" statements the library turns into
// requirements when a document is imported (and so published), as for a department's real policies.
import { seededRandom } from './random.ts';

export interface DemoDocument {
  readonly sourceName: string;
  readonly markdown: string;
}

const TOPICS = ['Access Control', 'Acceptable Use', 'Backup', 'Cryptography', 'Email', 'Incident Management', 'Information Classification', 'Logging and Monitoring', 'Mobile Devices', 'Passwords', 'Patching', 'Physical Security', 'Remote Working', 'Removable Media', 'Secure Development', 'Supplier Security'];
const ACTORS = ['Staff', 'Contractors', 'System owners', 'Line managers', 'Information Asset Owners', 'Administrators'];
const VERBS = ['review', 'protect', 'record', 'report', 'encrypt', 'approve', 'remove', 'check'];
const OBJECTS = ['access rights', 'backups', 'removable media', 'audit logs', 'shared mailboxes', 'privileged accounts', 'suppliers’ access', 'paper records'];
const WHEN = ['every quarter', 'every year', 'within five working days', 'before use', 'when someone leaves', 'after every change'];

/** `count` documents sharing `requirements` statements between them as evenly as they can. */
export function generateDocuments(count: number, requirements: number, seed: number): DemoDocument[] {
  const random = seededRandom((seed * 31 + 8) >>> 0);
  const documents: DemoDocument[] = [];
  for (let d = 0; d < count; d++) {
    const topic = `${TOPICS[d % TOPICS.length]!}${d >= TOPICS.length ? ` ${Math.floor(d / TOPICS.length) + 1}` : ''}`;
    const statements = Math.floor(requirements / count) + (d < requirements % count ? 1 : 0);
    let markdown = `# ${topic} Policy\n\nThis policy sets out how the department manages ${topic.toLowerCase()}. It applies to everyone who works for the department.\n\n## Requirements\n\n`;
    // The statement number keeps each one distinct, so none is taken for a restatement of another.
    for (let s = 0; s < statements; s++) markdown += `${s + 1}. ${random.pick(ACTORS)} MUST ${random.pick(VERBS)} ${random.pick(OBJECTS)} ${random.pick(WHEN)} (clause ${d + 1}.${s + 1}).\n`;
    documents.push({ sourceName: `${topic.toLowerCase().replaceAll(' ', '-')}-policy.md`, markdown });
  }
  return documents;
}
