// Reading policy text: obligation extraction and the policy linter (issue 04).
export type {
  ExtractOptions,
  ExtractReport,
  ExtractedFile,
  FileProblem,
  LintCode,
  LintFinding,
  Modality,
  PolicyTextErrorCode,
  Role,
  RoleCatalogue,
  Statement,
  Tier,
} from './types.ts';
export { MODALITIES, PolicyTextError } from './types.ts';
export { analyseDocument, extractDocument } from './document.ts';
export type { DocumentResult } from './document.ts';
export { extractFiles, readPolicyFile } from './files.ts';
export type { ExtractFilesOptions } from './files.ts';
export { formatReport } from './report.ts';
export { DEFAULT_ROLE_CATALOGUE } from './roles.ts';
export { ORGANISATION_WORDS } from './spelling.ts';
