// Recognises a framework file by its content, not its name, and hands it to the parser for its format.
import { parseCisoAssistant } from './ciso-assistant.ts';
import { parseOscal } from './oscal.ts';
import { FrameworkFileError, type ImportReader, type ParsedLibrary } from './parsed.ts';
import { parseWebCaf } from './webcaf.ts';

export interface ParseOptions {
  /** Reads a file an OSCAL profile imports; absent, only `catalog` can satisfy an import. */
  readonly readImport?: ImportReader;
  /** The catalog to resolve an OSCAL profile against, in place of its import links (`--catalog FILE`). */
  readonly catalog?: string;
}

export async function parseFrameworkFile(fileName: string, text: string, options: ParseOptions = {}): Promise<ParsedLibrary> {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new FrameworkFileError(fileName, [{ at: '', message: 'The file is empty: choose the framework file to import' }]);
  if (body.trimStart().startsWith('{')) {
    return parseOscal(fileName, body, { readImport: options.readImport ?? (async () => null), ...(options.catalog !== undefined ? { catalogOverride: options.catalog } : {}) });
  }
  if (/^objectives\s*:/m.test(body)) return parseWebCaf(fileName, body);
  if (/^objects\s*:/m.test(body) && /^urn\s*:/m.test(body)) return parseCisoAssistant(fileName, body);
  throw new FrameworkFileError(fileName, [
    {
      at: '',
      message:
        'Custodian does not recognise this file. Import an NCSC CAF in WebCAF YAML (with "objectives:"), a CISO Assistant library (YAML with "urn:" and "objects:"), or a NIST OSCAL catalog or profile (JSON)',
    },
  ]);
}
