// NCSC guidance: length over complexity, no composition rules, and refuse passwords that are common.
import { dictionary } from '@zxcvbn-ts/language-common';
import type { FieldProblem } from '../platform/http/errors.ts';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

let commonPasswords: Set<string> | undefined;
function isCommon(password: string): boolean {
  commonPasswords ??= new Set((dictionary as Record<string, string[]>)['passwords-common'] ?? []);
  return commonPasswords.has(password.toLowerCase());
}

export function passwordProblems(password: string, context: { email?: string; field?: string } = {}): FieldProblem[] {
  const field = context.field ?? 'password';
  if (password.length < MIN_PASSWORD_LENGTH) return [{ field, message: `Password must be at least ${MIN_PASSWORD_LENGTH} characters: a few unrelated words make a long password that is easy to remember` }];
  if (password.length > MAX_PASSWORD_LENGTH) return [{ field, message: `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer` }];
  const lower = password.toLowerCase();
  if (isCommon(password) || /^(.)\1+$/.test(password) || /^(0123456789|1234567890|abcdefghijkl|qwertyuiop)/.test(lower)) {
    return [{ field, message: 'Password is too common and easy to guess: choose a different one' }];
  }
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return [{ field, message: 'Password must not contain your email address' }];
  return [];
}
