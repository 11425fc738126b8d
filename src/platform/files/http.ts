// Stored files go back to the browser only as attachments, never rendered in the page's origin: an
// uploaded HTML or SVG file must not run as part of Custodian (DECISIONS, Uploaded files).
import { Buffer } from 'node:buffer';
import type { FastifyReply } from 'fastify';
import type { StoredFile } from './store.ts';

export function sendAttachment(reply: FastifyReply, file: StoredFile & { content: Uint8Array }): FastifyReply {
  const ascii = file.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .header('x-sha256', file.sha256)
    .type(file.mediaType)
    .send(Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength));
}
