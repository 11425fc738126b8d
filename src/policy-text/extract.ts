// Walks the Markdown blocks and lists the normative statements: sentences and list items with a
// deontic marker, list items under a lead-in ("must ensure that:", "will:"), statement IDs.
import type { Block, PlainText } from './markdown.ts';
import type { LocatedStatement, Modality } from './types.ts';
import type { RoleIndex } from './roles.ts';
import type { Marker } from './modality.ts';
import { findMarkers } from './modality.ts';
import { isAgent, isNonAgentPronoun, subjectBefore, voiceAfter } from './actor.ts';
import { splitSentences } from './sentences.ts';
import { idOnly, leadingRef } from './refs.ts';

interface LeadIn {
  text: string;
  modality: Modality;
  actor: string | null;
  ref: string | null;
}

/** Sentences of one list item that carry no marker of their own and so take the lead-in's. */
interface ItemCollector {
  leadIn: LeadIn;
  parts: string[];
  line: number | null;
  ref: string | null;
  /** Whether the item's first sentence had a marker of its own. */
  opened?: 'marked' | 'unmarked';
}

export function extractStatements(blocks: readonly Block[], roles: RoleIndex): LocatedStatement[] {
  const out: LocatedStatement[] = [];
  walk(blocks, { roles, out }, null, null);
  return out;
}

interface Ctx {
  roles: RoleIndex;
  out: LocatedStatement[];
}

function walk(blocks: readonly Block[], ctx: Ctx, item: ItemCollector | null, inheritedRef: string | null): void {
  let pendingRef: string | null = inheritedRef;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (b === undefined) continue;
    if (b.kind === 'heading') {
      pendingRef = null;
      continue;
    }
    if (b.kind === 'code') continue;
    if (b.kind === 'quote') {
      walk(b.children, ctx, null, null);
      continue;
    }
    if (b.kind === 'list') {
      for (const it of b.items) walk(it, ctx, null, pendingRef);
      pendingRef = null;
      continue;
    }
    const only = idOnly(b.text.text);
    if (only !== null) {
      pendingRef = only;
      continue;
    }
    const next = blocks[i + 1];
    if (/:\s*$/.test(b.text.text) && next?.kind === 'list') {
      leadInParagraph(b.text, next, ctx, item, pendingRef);
      pendingRef = inheritedRef;
      i++;
      continue;
    }
    paragraph(b.text, ctx, item, pendingRef);
    pendingRef = inheritedRef;
  }
}

function paragraph(text: PlainText, ctx: Ctx, item: ItemCollector | null, pendingRef: string | null): void {
  const lead = leadingRef(text.text);
  const ref = lead?.ref ?? pendingRef;
  const offset = lead === null ? 0 : text.text.length - lead.rest.length;
  for (const s of splitSentences(text.text.slice(offset))) {
    const line = text.lineAt[offset + s.start] ?? text.lineAt[0] ?? 1;
    const made = sentenceStatements(s.text, line, ref, ctx, item?.leadIn ?? null);
    if (item !== null && item.opened === undefined) item.opened = made === 0 ? 'unmarked' : 'marked';
    // An item that opens with its own statement is complete; its other sentences are comment, not duties.
    if (made === 0 && item !== null && item.opened === 'unmarked') {
      item.parts.push(s.text);
      item.line ??= line;
      item.ref ??= ref;
    }
  }
}

function leadInParagraph(text: PlainText, list: Extract<Block, { kind: 'list' }>, ctx: Ctx, item: ItemCollector | null, pendingRef: string | null): void {
  const lead = leadingRef(text.text);
  const ref = lead?.ref ?? pendingRef;
  const offset = lead === null ? 0 : text.text.length - lead.rest.length;
  const sentences = splitSentences(text.text.slice(offset));
  const last = sentences.pop();
  for (const s of sentences) {
    const line = text.lineAt[offset + s.start] ?? 1;
    if (sentenceStatements(s.text, line, ref, ctx, item?.leadIn ?? null) === 0 && item !== null) item.parts.push(s.text);
  }
  if (last === undefined) return;
  const line = text.lineAt[offset + last.start] ?? 1;
  const leadText = last.text.replace(/:\s*$/, '').trim();
  const markers = findMarkers(leadText, ctx.roles, true);
  const first = markers[0];
  if (first === undefined) {
    // A lead-in with no marker ("The department's security is managed via:") gives its items none.
    if (item !== null) {
      item.parts.push(last.text);
      item.line ??= line;
    }
    for (const it of list.items) walk(it, ctx, null, null);
    return;
  }
  const leadIn: LeadIn = { text: leadText, modality: first.modality, actor: actorOf(leadText, first, ctx.roles, item?.leadIn.actor ?? null), ref };
  if (list.items.every((it) => itemHasMarker(it, ctx.roles)) && substantive(leadText, first)) {
    push(ctx, leadText, first.modality, leadIn.actor, ref, line);
  }
  for (const it of list.items) {
    const collector: ItemCollector = { leadIn, parts: [], line: null, ref: null };
    walk(it, ctx, collector, ref);
    if (collector.parts.length > 0) {
      push(ctx, joinLeadIn(leadIn.text, collector.parts.join(' ')), leadIn.modality, leadIn.actor, collector.ref ?? ref, collector.line ?? line);
    }
  }
}

/** "Users shall comply with the following:" says nothing by itself; "access MUST be controlled by …, including:" does. */
function substantive(leadText: string, marker: Marker): boolean {
  const predicate = leadText
    .slice(marker.end)
    .replace(/\b(?:including|as follows|the following(?: \w+)?|that|these|below|specifically|such as|in particular)\s*$/i, '')
    .trim();
  return predicate.split(/\s+/).filter((w) => w.length > 0).length > 3;
}

function itemHasMarker(blocks: readonly Block[], roles: RoleIndex): boolean {
  return blocks.some((b) => (b.kind === 'paragraph' ? findMarkers(b.text.text, roles).length > 0 : b.kind === 'list' ? b.items.every((it) => itemHasMarker(it, roles)) : false));
}

const JOIN_WITHOUT_COLON = /\b(?:that|to|will|must|shall|should|may|of|for|with|be|are|is|ensure|the|and|on|in|by|not|have|has|can|cannot|include|includes|including|are required to|whether)$/i;

function joinLeadIn(lead: string, itemText: string): string {
  const body = itemText.trim();
  if (JOIN_WITHOUT_COLON.test(lead.trim())) {
    const lowered = /^[A-Z][a-z]/.test(body) && !/^(?:I|MoJ)\b/.test(body) ? body[0]?.toLowerCase() + body.slice(1) : body;
    return `${lead.trim()} ${lowered}`;
  }
  return `${lead.trim()}: ${body}`;
}

/** Statements from one sentence; returns how many were made. */
function sentenceStatements(sentence: string, line: number, ref: string | null, ctx: Ctx, leadIn: LeadIn | null): number {
  const markers = findMarkers(sentence, ctx.roles);
  if (markers.length === 0) return 0;
  let made = 0;
  for (const clause of splitClauses(sentence, markers)) {
    const first = clause.markers[0];
    if (first === undefined) continue;
    push(ctx, clause.text, first.modality, actorOf(clause.text, first, ctx.roles, leadIn?.actor ?? null), ref, line);
    made++;
  }
  return made;
}

interface Clause {
  text: string;
  markers: Marker[];
}

// A new clause starts at "; ", ", and ", ", but " or " and " before a fresh subject that has its own marker.
const BOUNDARY = /;\s*(?:and\s+|but\s+|or\s+)?|\s[-–—]\s+(?:and\s+|but\s+)?|,\s*(?:and|but|or|while|whilst|whereas)\s+|\s+(?:and|but|while|whilst|whereas)\s+(?=(?:the|all|each|every|any|a|an|you|we|they|[A-Z])\b)/g;

function splitClauses(sentence: string, markers: Marker[]): Clause[] {
  const cuts: number[] = [];
  for (let k = 1; k < markers.length; k++) {
    const prev = markers[k - 1];
    const cur = markers[k];
    if (prev === undefined || cur === undefined) continue;
    const segment = sentence.slice(prev.end, cur.start);
    const boundaries = [...segment.matchAll(BOUNDARY)];
    const b = boundaries[boundaries.length - 1];
    if (b?.index === undefined) continue;
    const subject = segment.slice(b.index + b[0].length).trim();
    if (subject.length === 0 || /^(?:also|then|therefore|always|only|not)$/i.test(subject) || isNonAgentPronoun(subject)) continue;
    cuts.push(prev.end + b.index);
  }
  if (cuts.length === 0) return [{ text: sentence, markers }];
  const clauses: Clause[] = [];
  let from = 0;
  for (const to of [...cuts, sentence.length]) {
    const raw = sentence.slice(from, to);
    const lead = raw.length - raw.replace(/^[\s;,\-–—]*(?:(?:and|but|or|while|whilst|whereas)\s+)?/i, '').length;
    const text = raw.slice(lead).replace(/[\s,;]+$/, '');
    const shift = from + lead;
    clauses.push({ text, markers: markers.filter((m) => m.start >= from && m.start < to).map((m) => ({ ...m, start: m.start - shift, end: m.end - shift })) });
    from = to;
  }
  return clauses;
}

function actorOf(clause: string, marker: Marker, roles: RoleIndex, fallback: string | null): string | null {
  const subject = subjectBefore(clause, marker.start);
  if (marker.adjectival) {
    const forWhom = /\bmandatory\s+for\s+(.+?)\s+to\b/i.exec(clause.slice(marker.start));
    if (forWhom?.[1] !== undefined) return forWhom[1];
    if (isAgent(subject, roles) || (/required\s+to\b/i.test(clause.slice(marker.start, marker.end)) && !isNonAgentPronoun(subject))) return subject;
    return voiceAfter(clause, marker.start, roles).agent ?? fallback;
  }
  const voice = voiceAfter(clause, marker.end, roles);
  if (voice.passive) return voice.agent ?? fallback;
  // Only someone who can act bears a duty: "All systems MUST have …" names no one.
  return isAgent(subject, roles) ? subject : fallback;
}

function push(ctx: Ctx, text: string, modality: Modality, actor: string | null, ref: string | null, line: number): void {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length === 0) return;
  ctx.out.push({ text: clean, modality, actor: actor === null || actor.trim().length === 0 ? null : actor.replace(/\s+/g, ' ').trim(), ref, line });
}
