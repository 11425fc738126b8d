// Reading a multipart form (attachFieldsToBody): text fields arrive as { value } objects, files with toBuffer().

interface MultipartField {
  value?: unknown;
  filename?: string;
  mimetype?: string;
  toBuffer?: () => Promise<Buffer>;
}

export function multipartText(body: unknown, name: string): string | undefined {
  const field = (body as Record<string, MultipartField | undefined> | undefined)?.[name];
  if (field && typeof field === 'object' && 'value' in field) return typeof field.value === 'string' ? field.value : undefined;
  return typeof field === 'string' ? field : undefined;
}

/** The uploaded file of that field, or null when none was chosen (browsers send an empty, unnamed part). */
export async function multipartFile(body: unknown, name: string): Promise<{ name: string; bytes: Buffer; mediaType?: string } | null> {
  const field = (body as Record<string, MultipartField | undefined> | undefined)?.[name];
  if (!field || typeof field.toBuffer !== 'function' || !field.filename) return null;
  return { name: field.filename, bytes: await field.toBuffer(), ...(field.mimetype ? { mediaType: field.mimetype } : {}) };
}
