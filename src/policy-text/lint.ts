// The policy linter: what is wrong with the document itself. Each rule has a stable code, documented
// in docs/policy-linter.md; findings point at the line of the original file.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LintFinding, LocatedStatement, Tier } from './types.ts';
import type { ParsedMarkdown } from './markdown.ts';
import type { RoleIndex } from './roles.ts';
import { namedRoles } from './roles.ts';
import { findMojibake } from './encoding.ts';
import { checkSpelling } from './spelling.ts';
import { idOnly, leadingRef } from './refs.ts';

export interface LintInput {
  lines: readonly string[];
  /** Lines of front matter, which the prose rules skip. */
  frontMatterLines: number;
  parsed: ParsedMarkdown;
  statements: readonly LocatedStatement[];
  metadata: Record<string, string>;
  tier: Tier | null;
  knownDocuments: readonly string[];
  roles: RoleIndex;
  baseDir: string | null;
  allowedWords: readonly string[];
  decodedAs: 'utf-8' | 'latin-1';
  firstBadByteLine: number | null;
}

export function lintDocument(input: LintInput): LintFinding[] {
  const findings: LintFinding[] = [];
  const skip = new Set<number>(input.parsed.codeLines);
  for (let l = 1; l <= input.frontMatterLines; l++) skip.add(l);
  if (input.decodedAs === 'latin-1') {
    findings.push({
      code: 'not-utf8',
      line: input.firstBadByteLine ?? 1,
      message: 'The file is not valid UTF-8; it was read as Windows-1252 (Latin-1). Save it as UTF-8 so characters such as £ and ’ survive.',
    });
  }
  findings.push(...brackets(input, skip), ...brokenLinks(input), ...mojibake(input, skip), ...spelling(input, skip));
  findings.push(...missingMetadata(input), ...actors(input), ...onlyShould(input), ...duplicateIds(input));
  return findings.sort((a, b) => a.line - b.line || a.code.localeCompare(b.code));
}

const PLACEHOLDER = /^(?:(?:enter|insert|provide|complete|add|describe|give|list|state|include|specify|use any of|this section|name of|details of)\b.*|.*\bpending\b.*|should be\b.*|x+|X+|\.{2,}|…|_+|\?+|tbc|tbd|tba|todo|fixme|insert\b.*|add\b.*\bhere|placeholder.*|name|date|link|reference|ref|document|title|owner|link to .*|to be (?:confirmed|decided|added))$/i;

/** Bracketed text that is not a link: a placeholder "[xxxx]" or a reference to a document by name. */
function brackets(input: LintInput, skip: ReadonlySet<number>): LintFinding[] {
  const out: LintFinding[] = [];
  const known = input.knownDocuments.map(normaliseTitle);
  input.lines.forEach((raw, i) => {
    const line = i + 1;
    if (skip.has(line)) return;
    const text = raw.replace(/`[^`]*`/g, (m) => ' '.repeat(m.length));
    // "\[Name\]" is an escaped bracket; "[Name]" not followed by "(" or "[" and not defined as a reference is literal too.
    const seenOnLine = new Set<string>();
    const re = /(\\?)\[((?:[^\][\\]|\\.)*?)(\\?)\](?!\s*\(|\s*\[|:)/g;
    for (const m of text.matchAll(re)) {
      const inner = (m[2] ?? '').replace(/\\(.)/g, '$1').trim();
      const escaped = m[1] === '\\' || m[3] === '\\';
      if (inner.length === 0 || /^[ xX]$/.test(inner)) continue; // task-list boxes
      if (!escaped && input.parsed.referenceLabels.has(inner.toLowerCase())) continue;
      if (/^\^|^!|^\d+$|^ref\b[.,]?\s*\d+$/i.test(inner)) continue; // footnotes, numbered citations
      if (seenOnLine.has(inner)) continue;
      seenOnLine.add(inner);
      if (PLACEHOLDER.test(inner) || /^[A-Z][A-Z ,/&'-]{3,}$/.test(inner)) {
        out.push({ code: 'placeholder', line, message: `Placeholder "[${inner}]" was never filled in: replace it with the text or document it stands for.` });
        continue;
      }
      if (known.includes(normaliseTitle(inner))) continue;
      if (!/[A-Za-z]{2,}/.test(inner)) continue;
      const given = input.knownDocuments.length > 0 ? ' It matches none of the documents given with it.' : '';
      out.push({
        code: 'unresolved-reference',
        line,
        message: `Reference "[${inner}]" does not point to a document.${given} Link it to the document (or name one that exists), or remove it.`,
      });
    }
  });
  return out;
}

export function normaliseTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/\.(?:md|markdown|docx?|pdf)$/, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\b(?:the|moj|mojs|it|security)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function brokenLinks(input: LintInput): LintFinding[] {
  const baseDir = input.baseDir;
  if (baseDir === null) return [];
  const out: LintFinding[] = [];
  for (const { href, line } of input.parsed.links) {
    if (/^[a-z][a-z0-9+.-]*:|^\/\/|^#|^$/i.test(href)) continue;
    if (href.startsWith('/')) continue; // site-absolute: depends on where the site is published
    let path = href.replace(/[#?].*$/, '');
    try {
      path = decodeURIComponent(path);
    } catch {
      // keep it as written
    }
    if (path.length === 0) continue;
    const target = resolve(join(baseDir, path));
    if (existsSync(target) && (statSync(target).isFile() || statSync(target).isDirectory())) continue;
    out.push({ code: 'broken-link', line, message: `Link target "${href}" does not exist relative to this document: correct the path or link to the published page.` });
  }
  return out;
}

function mojibake(input: LintInput, skip: ReadonlySet<number>): LintFinding[] {
  const out: LintFinding[] = [];
  input.lines.forEach((raw, i) => {
    if (skip.has(i + 1)) return;
    for (const hit of findMojibake(raw)) {
      const fix = hit.intended === null ? '' : ` (it was probably "${hit.intended}")`;
      out.push({ code: 'mojibake', line: i + 1, message: `"${hit.damaged}" is text damaged by a wrong character encoding${fix}: retype the character.` });
    }
  });
  return out;
}

function spelling(input: LintInput, skip: ReadonlySet<number>): LintFinding[] {
  return checkSpelling(input.lines, skip, input.allowedWords).map((s) => ({
    code: 'spelling',
    line: s.line,
    message: `"${s.word}" is not in the en-GB dictionary${s.suggestions.length > 0 ? ` (did you mean ${s.suggestions.map((x) => `"${x}"`).join(', ')}?)` : ''}: correct it, or add it to the allowed words if it is the organisation's own.`,
  }));
}

function missingMetadata(input: LintInput): LintFinding[] {
  const missing: string[] = [];
  if (!input.metadata['owner']) missing.push('owner');
  if (!input.metadata['version']) missing.push('version');
  if (!input.metadata['reviewDate'] && !input.metadata['lastReviewed']) missing.push('review date');
  if (missing.length === 0) return [];
  return [
    {
      code: 'missing-metadata',
      line: 1,
      message: `Document control is missing: ${missing.join(', ')}. Add them to the front matter or a header block (for example "Policy owner: …", "Document version: …", "Review date: …").`,
    },
  ];
}

function actors(input: LintInput): LintFinding[] {
  const out: LintFinding[] = [];
  const reported = new Set<string>();
  for (const s of input.statements) {
    if (s.actor === null) {
      out.push({ code: 'obligation-without-actor', line: s.line, message: `"${clip(s.text)}" (${s.modality}) names no one to carry it out: say who is responsible.` });
      continue;
    }
    for (const role of namedRoles(s.actor)) {
      if (input.roles.has(role) || reported.has(role.toLowerCase())) continue;
      reported.add(role.toLowerCase());
      out.push({
        code: 'unknown-role',
        line: s.line,
        message: `"${role}" is not a role in the role catalogue: use the catalogue's name for the role, or add the role to the catalogue.`,
      });
    }
  }
  return out;
}

function onlyShould(input: LintInput): LintFinding[] {
  if (input.tier !== 1 && input.tier !== 2) return [];
  const first = input.statements[0];
  if (first === undefined) return [];
  if (input.statements.some((s) => s.modality !== 'should' && s.modality !== 'should not' && s.modality !== 'may')) return [];
  return [
    {
      code: 'policy-only-should',
      line: first.line,
      message: `This tier ${input.tier} policy only recommends ("should"): a policy sets requirements, so state them with "must" or "shall", or move the advice to guidance.`,
    },
  ];
}

function duplicateIds(input: LintInput): LintFinding[] {
  const out: LintFinding[] = [];
  const firstSeen = new Map<string, number>();
  input.lines.forEach((raw, i) => {
    const line = i + 1;
    if (line <= input.frontMatterLines || input.parsed.codeLines.has(line)) return;
    // An ID labels a statement where it opens a line, a list item or a bold run.
    const opening = raw.replace(/^\s*(?:[-*+]|\d+[.)])?\s*/, '').replace(/[`*_]/g, '');
    const id = leadingRef(opening)?.ref ?? idOnly(opening);
    if (id === null || id === undefined) return;
    const prior = firstSeen.get(id);
    if (prior === undefined) firstSeen.set(id, line);
    else out.push({ code: 'duplicate-statement-id', line, message: `Statement ID ${id} is also used on line ${prior}: give each statement its own ID.` });
  });
  return out;
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
