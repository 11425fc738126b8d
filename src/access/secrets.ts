// Random tokens handed to people (session cookies, API tokens, invitations, recovery codes) are
// stored only as SHA-256 hashes: a copy of the database does not let anyone sign in.
import { createHash, randomBytes } from 'node:crypto';

export const newToken = (prefix = ''): string => `${prefix}${randomBytes(32).toString('base64url')}`;
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export function newRecoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(10);
  let out = '';
  for (let i = 0; i < 10; i++) out += alphabet[bytes[i]! % alphabet.length];
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}
