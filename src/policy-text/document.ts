// One document in memory: text in, title, tier, metadata, statements and findings out. Pure apart
// from the link check, which looks at the file system only when a base folder is given.
import type { ExtractOptions, ExtractedFile, LocatedStatement, Statement } from './types.ts';
import { parseMarkdown, splitFrontMatter } from './markdown.ts';
import { extractStatements } from './extract.ts';
import { metadataFromFrontMatter, metadataFromHeader, tierOf, titleOf } from './metadata.ts';
import { DEFAULT_ROLE_CATALOGUE, indexRoles } from './roles.ts';
import { lintDocument } from './lint.ts';

export interface DocumentResult extends ExtractedFile {
  /** Statements with their lines, for callers that show them beside the text. */
  located: LocatedStatement[];
}

/** Extracts one document given as text; see {@link analyseDocument} for statements with their lines. */
export function extractDocument(text: string, options: ExtractOptions = {}): ExtractedFile {
  const { file, title, tier, metadata, statements, lint } = analyseDocument(text, options);
  return { file, title, tier, metadata, statements, lint };
}

export function analyseDocument(text: string, options: ExtractOptions = {}): DocumentResult {
  const fileName = options.fileName ?? 'document.md';
  const roles = indexRoles(options.roleCatalogue ?? DEFAULT_ROLE_CATALOGUE);
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const frontMatter = splitFrontMatter(lines);
  const fmLines = frontMatter?.lineCount ?? 0;
  // Front matter lines are blanked, not removed, so Markdown line numbers stay those of the file.
  const body = lines.map((l, i) => (i < fmLines ? '' : l)).join('\n');
  const parsed = parseMarkdown(body);
  const located = extractStatements(parsed.blocks, roles);
  const metadata = { ...metadataFromHeader(lines, fmLines).fields, ...metadataFromFrontMatter(frontMatter?.data ?? {}) };
  const title = titleOf(parsed.blocks, frontMatter?.data ?? null, fileName);
  delete metadata['title'];
  const opening = parsed.blocks
    .filter((b) => b.kind === 'paragraph')
    .slice(0, 4)
    .map((b) => (b.kind === 'paragraph' ? b.text.text : ''))
    .join(' ');
  const tier = tierOf(title, metadata, opening);
  const lint = lintDocument({
    lines,
    frontMatterLines: fmLines,
    parsed,
    statements: located,
    metadata,
    tier,
    knownDocuments: options.knownDocuments ?? [],
    roles,
    baseDir: options.baseDir ?? null,
    allowedWords: options.allowedWords ?? [],
    decodedAs: options.decodedAs ?? 'utf-8',
    firstBadByteLine: options.firstBadByteLine ?? null,
  });
  const statements: Statement[] = located.map(({ text: t, modality, actor, ref }) => ({ text: t, modality, actor, ref }));
  return { file: fileName, title, tier, metadata, statements, lint, located };
}
