// The types of file Custodian accepts, recognised by their content (magic bytes), not their name: a
// file named report.pdf that is really an executable is refused. Plain text and CSV have no magic, so
// they must be UTF-8 with no control bytes other than tab and line ends.
import { isUtf8 } from '../csv/utf8.ts';

export interface FileType {
  readonly code: string;
  readonly label: string;
  readonly mediaType: string;
  readonly extensions: readonly string[];
}

export const FILE_TYPES = {
  pdf: { code: 'pdf', label: 'PDF', mediaType: 'application/pdf', extensions: ['pdf'] },
  png: { code: 'png', label: 'PNG image', mediaType: 'image/png', extensions: ['png'] },
  jpeg: { code: 'jpeg', label: 'JPEG image', mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  text: { code: 'text', label: 'plain text', mediaType: 'text/plain', extensions: ['txt', 'text', 'log', 'md'] },
  csv: { code: 'csv', label: 'CSV', mediaType: 'text/csv', extensions: ['csv'] },
  docx: { code: 'docx', label: 'Word document (DOCX)', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
  xlsx: { code: 'xlsx', label: 'Excel workbook (XLSX)', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  odt: { code: 'odt', label: 'OpenDocument text (ODT)', mediaType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'] },
  ods: { code: 'ods', label: 'OpenDocument spreadsheet (ODS)', mediaType: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'] },
} as const satisfies Record<string, FileType>;

export type FileTypeCode = keyof typeof FILE_TYPES;
export const ALL_FILE_TYPES = Object.keys(FILE_TYPES) as FileTypeCode[];

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0) => magic.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));
const ZIP = [0x50, 0x4b, 0x03, 0x04];

/** The names of the entries in a ZIP file's local headers, read as far as the first 64 KB go. */
function zipEntryNames(bytes: Uint8Array): string[] {
  const names: string[] = [];
  const limit = Math.min(bytes.length, 65536);
  for (let i = 0; i + 30 < limit; i++) {
    if (!startsWith(bytes, ZIP, i)) continue;
    const nameLength = (bytes[i + 26] ?? 0) | ((bytes[i + 27] ?? 0) << 8);
    names.push(ascii(bytes, i + 30, i + 30 + nameLength));
  }
  return names;
}

/** What the content is, whatever the name says; null when it is none of the accepted types. */
export function sniffFileType(bytes: Uint8Array): FileTypeCode | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, ZIP)) {
    // OpenDocument puts an uncompressed "mimetype" entry first, holding the type itself.
    if (ascii(bytes, 30, 38) === 'mimetype') {
      const type = ascii(bytes, 38, 38 + 60);
      if (type.startsWith(FILE_TYPES.odt.mediaType)) return 'odt';
      if (type.startsWith(FILE_TYPES.ods.mediaType)) return 'ods';
      return null;
    }
    const names = zipEntryNames(bytes);
    if (!names.includes('[Content_Types].xml') && !names.some((n) => n.startsWith('word/') || n.startsWith('xl/'))) return null;
    if (names.some((n) => n.startsWith('word/'))) return 'docx';
    if (names.some((n) => n.startsWith('xl/'))) return 'xlsx';
    return null;
  }
  if (bytes.length > 0 && isUtf8(bytes) && !bytes.some((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)) return 'text';
  return null;
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/**
 * The type of an upload: the content decides, and the name must agree with it (a CSV and a text file
 * share their content, so the name tells them apart). Returns a message saying what to do when refused.
 */
export function recogniseFile(name: string, bytes: Uint8Array, allowed: readonly FileTypeCode[]): { type: FileType } | { problem: string } {
  const allowedLabels = allowed.map((code) => FILE_TYPES[code].label).join(', ');
  const sniffed = sniffFileType(bytes);
  const extension = extensionOf(name);
  const claimed = ALL_FILE_TYPES.find((code) => (FILE_TYPES[code].extensions as readonly string[]).includes(extension));
  if (sniffed === null) return { problem: `${name} is not a file type Custodian accepts: upload one of ${allowedLabels}` };
  const actual: FileTypeCode = sniffed === 'text' && claimed === 'csv' ? 'csv' : sniffed;
  if (claimed !== undefined && claimed !== actual) return { problem: `${name} is named as a ${FILE_TYPES[claimed].label} but its content is ${FILE_TYPES[actual].label}: correct the file name or upload the right file` };
  if (!allowed.includes(actual)) return { problem: `${name} is ${FILE_TYPES[actual].label}, which is not accepted here: upload one of ${allowedLabels}` };
  return { type: FILE_TYPES[actual] };
}
