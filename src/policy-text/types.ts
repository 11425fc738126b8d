// The shapes the policy reader hands to the CLI, the policy library and the evaluation script.
// The JSON shape of a report is a contract with the CLI (`custodian policies extract --json`): keep it stable.

export type Modality = 'must' | 'must not' | 'shall' | 'shall not' | 'should' | 'should not' | 'may' | 'will';

export const MODALITIES: readonly Modality[] = ['must', 'must not', 'shall', 'shall not', 'should', 'should not', 'may', 'will'];

export interface Statement {
  text: string;
  modality: Modality;
  actor: string | null;
  ref: string | null;
}

/** A statement with where it was found; the line stays internal so the report shape stays as agreed. */
export interface LocatedStatement extends Statement {
  line: number;
}

export interface LintFinding {
  code: LintCode;
  line: number;
  message: string;
}

export type LintCode =
  | 'placeholder'
  | 'unresolved-reference'
  | 'broken-link'
  | 'mojibake'
  | 'not-utf8'
  | 'spelling'
  | 'missing-metadata'
  | 'obligation-without-actor'
  | 'unknown-role'
  | 'policy-only-should'
  | 'duplicate-statement-id';

/** 1 strategic policy, 2 topic policy, 3 standard or procedure, 4 guidance, 5 system- or process-specific policy. */
export type Tier = 1 | 2 | 3 | 4 | 5;

export interface ExtractedFile {
  file: string;
  title: string;
  tier: Tier | null;
  metadata: Record<string, string>;
  statements: Statement[];
  lint: LintFinding[];
}

export interface FileProblem {
  file: string;
  error: { code: PolicyTextErrorCode; message: string };
}

export interface ExtractReport {
  files: ExtractedFile[];
  /** Files that could not be read at all; absent when every file was read. */
  errors?: FileProblem[];
}

export interface Role {
  name: string;
  aliases?: readonly string[];
}

export interface RoleCatalogue {
  roles: readonly Role[];
}

export interface ExtractOptions {
  /** Used for the title when the document has none, and in messages. */
  fileName?: string;
  /** Titles (or file names) of the documents a bracketed reference may name. */
  knownDocuments?: readonly string[];
  roleCatalogue?: RoleCatalogue;
  /** Folder the document lives in; relative links are checked only when it is given. */
  baseDir?: string;
  /** Extra words the speller accepts (the organisation's own vocabulary). */
  allowedWords?: readonly string[];
  /** Set when the bytes were not valid UTF-8 and were read as Windows-1252/Latin-1. */
  decodedAs?: 'utf-8' | 'latin-1';
  /** First line holding a byte that is not valid UTF-8. */
  firstBadByteLine?: number;
}

export type PolicyTextErrorCode = 'file-not-found' | 'is-a-directory' | 'empty-file' | 'binary-file' | 'file-too-large' | 'unreadable-file';

/** A file the reader cannot work on; the message says what to do about it. */
export class PolicyTextError extends Error {
  readonly code: PolicyTextErrorCode;
  readonly file: string;
  constructor(code: PolicyTextErrorCode, file: string, message: string) {
    super(message);
    this.name = 'PolicyTextError';
    this.code = code;
    this.file = file;
  }
}
