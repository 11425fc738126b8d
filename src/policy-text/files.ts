// Reading policy documents from disk for `custodian policies extract FILE…`: every odd input ends as
// a typed error with a message that says what to do, never as a stack trace.
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { ExtractOptions, ExtractReport, ExtractedFile, FileProblem } from './types.ts';
import { PolicyTextError } from './types.ts';
import { decodeBytes, looksBinary } from './encoding.ts';
import type { DecodedText } from './encoding.ts';
import { extractDocument } from './document.ts';

export interface ExtractFilesOptions extends Omit<ExtractOptions, 'fileName' | 'baseDir' | 'decodedAs' | 'firstBadByteLine'> {
  /** Files larger than this are refused (default 5 MB: policies are tens of kilobytes). */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export async function readPolicyFile(path: string, maxBytes = DEFAULT_MAX_BYTES): Promise<DecodedText> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new PolicyTextError('file-not-found', path, `${path}: no such file. Check the path and the current folder.`);
    throw new PolicyTextError('unreadable-file', path, `${path}: cannot be read (${code ?? 'unknown error'}). Check its permissions.`);
  }
  if (info.isDirectory()) {
    throw new PolicyTextError('is-a-directory', path, `${path} is a folder, not a document. Name the Markdown files in it instead, for example ${path.replace(/\/$/, '')}/*.md.`);
  }
  if (!info.isFile()) throw new PolicyTextError('unreadable-file', path, `${path} is not a regular file. Give a Markdown document.`);
  if (info.size > maxBytes) {
    throw new PolicyTextError(
      'file-too-large',
      path,
      `${path} is ${(info.size / 1024 / 1024).toFixed(1)} MB, more than the ${(maxBytes / 1024 / 1024).toFixed(1)} MB a policy document should be. Split it, or check it is the right file.`,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new PolicyTextError('unreadable-file', path, `${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unknown error'}). Check its permissions.`);
  }
  if (looksBinary(bytes)) {
    throw new PolicyTextError('binary-file', path, `${path} is not a text file (it holds binary data). Export the policy as Markdown (.md) first.`);
  }
  const decoded = decodeBytes(bytes);
  if (decoded.text.trim().length === 0) throw new PolicyTextError('empty-file', path, `${path} is empty. Give a document with some text.`);
  return decoded;
}

/**
 * Extracts each file. A bracketed reference resolves against the titles and file names of the other
 * files given (and `knownDocuments`), so name the whole set of related documents together.
 */
export async function extractFiles(paths: readonly string[], options: ExtractFilesOptions = {}): Promise<ExtractReport> {
  const read: { path: string; text: DecodedText }[] = [];
  const errors: FileProblem[] = [];
  for (const path of paths) {
    try {
      read.push({ path, text: await readPolicyFile(path, options.maxBytes) });
    } catch (e) {
      if (!(e instanceof PolicyTextError)) throw e;
      errors.push({ file: path, error: { code: e.code, message: e.message } });
    }
  }
  const known = [...(options.knownDocuments ?? []), ...read.flatMap(({ path, text }) => [basename(path), firstHeading(text.text) ?? ''])].filter((t) => t.length > 0);
  const files: ExtractedFile[] = read.map(({ path, text }) =>
    extractDocument(text.text, {
      ...options,
      fileName: path,
      baseDir: dirname(resolve(path)),
      knownDocuments: known,
      decodedAs: text.encoding,
      ...(text.firstBadByteLine === undefined ? {} : { firstBadByteLine: text.firstBadByteLine }),
    }),
  );
  return errors.length > 0 ? { files, errors } : { files };
}

function firstHeading(text: string): string | null {
  const m = /^#\s+(.+?)\s*#*\s*$/m.exec(text);
  return m?.[1] ?? null;
}
