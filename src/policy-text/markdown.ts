// Markdown into a small tree of blocks with their source lines, and inline Markdown into plain text.
// markdown-it does the parsing so that escapes, nesting and lazy continuation lines follow CommonMark.
import MarkdownIt from 'markdown-it';
import type { Env, Token } from 'markdown-it';
import { parse as parseYaml } from 'yaml';

const md = new MarkdownIt({ html: true, linkify: false });

export interface FrontMatter {
  data: Record<string, unknown>;
  /** Number of lines the front matter takes, including both fences. */
  lineCount: number;
  error: string | null;
}

/** Splits YAML front matter off; its lines are blanked so line numbers stay those of the file. */
export function splitFrontMatter(lines: readonly string[]): FrontMatter | null {
  if ((lines[0] ?? '').trim() !== '---') return null;
  const end = lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...'));
  if (end < 0) return null;
  const yamlText = lines.slice(1, end).join('\n');
  try {
    const data: unknown = parseYaml(yamlText);
    const record = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
    return { data: record, lineCount: end + 1, error: null };
  } catch (e) {
    return { data: {}, lineCount: end + 1, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Plain text of an inline run, with the source line of each character so statements keep their line. */
export interface PlainText {
  text: string;
  /** lineAt[i] is the 1-based file line of text[i]. */
  lineAt: number[];
}

export type Block =
  | { kind: 'heading'; line: number; level: number; text: PlainText }
  | { kind: 'paragraph'; line: number; text: PlainText }
  | { kind: 'list'; line: number; items: Block[][] }
  | { kind: 'quote'; line: number; children: Block[] }
  | { kind: 'code'; line: number; endLine: number };

export interface ParsedMarkdown {
  blocks: Block[];
  /** 1-based lines inside code blocks and HTML blocks, which the text rules leave alone. */
  codeLines: Set<number>;
  /** Reference-style link labels defined in the document, lower-cased. */
  referenceLabels: Set<string>;
  /** Every link target with its line, for the link checker. */
  links: { href: string; line: number }[];
}

export function parseMarkdown(body: string): ParsedMarkdown {
  const env: Env = {};
  const tokens = md.parse(body, env);
  const codeLines = new Set<number>();
  const links: { href: string; line: number }[] = [];
  let pos = 0;
  const blocks = readBlocks(tokens, () => pos, (p) => (pos = p), null, codeLines, links);
  return { blocks, codeLines, referenceLabels: new Set(Object.keys(referencesOf(env)).map((k) => k.toLowerCase())), links };
}

function referencesOf(env: Env): Record<string, unknown> {
  const refs: unknown = env['references'];
  return refs !== null && typeof refs === 'object' ? (refs as Record<string, unknown>) : {};
}

function readBlocks(
  tokens: Token[],
  getPos: () => number,
  setPos: (p: number) => void,
  closeType: string | null,
  codeLines: Set<number>,
  links: { href: string; line: number }[],
): Block[] {
  const out: Block[] = [];
  // Cells carry no source map; the row they sit in does.
  let rowLine = 1;
  while (getPos() < tokens.length) {
    const t = tokens[getPos()];
    if (t === undefined) break;
    setPos(getPos() + 1);
    if (closeType !== null && t.type === closeType) return out;
    const line = (t.map?.[0] ?? 0) + 1;
    switch (t.type) {
      case 'heading_open':
      case 'paragraph_open': {
        const inline = tokens[getPos()];
        setPos(getPos() + 2);
        if (inline?.type !== 'inline') break;
        const text = renderInline(inline, line, links);
        out.push(t.type === 'heading_open' ? { kind: 'heading', line, level: Number(t.tag.slice(1)), text } : { kind: 'paragraph', line, text });
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const close = t.type.replace('_open', '_close');
        const items: Block[][] = [];
        while (getPos() < tokens.length) {
          const next = tokens[getPos()];
          setPos(getPos() + 1);
          if (next === undefined || next.type === close) break;
          if (next.type === 'list_item_open') items.push(readBlocks(tokens, getPos, setPos, 'list_item_close', codeLines, links));
        }
        out.push({ kind: 'list', line, items });
        break;
      }
      case 'blockquote_open':
        out.push({ kind: 'quote', line, children: readBlocks(tokens, getPos, setPos, 'blockquote_close', codeLines, links) });
        break;
      case 'tr_open':
        rowLine = line;
        break;
      case 'th_open':
      case 'td_open': {
        // A table cell reads like a short paragraph; statements in tables are still statements.
        const inline = tokens[getPos()];
        if (inline?.type === 'inline') {
          setPos(getPos() + 1);
          const cellLine = inline.map === null ? rowLine : inline.map[0] + 1;
          out.push({ kind: 'paragraph', line: cellLine, text: renderInline(inline, cellLine, links) });
        }
        break;
      }
      case 'fence':
      case 'code_block':
      case 'html_block': {
        const [from, to] = t.map ?? [0, 0];
        for (let l = from + 1; l <= to; l++) codeLines.add(l);
        out.push({ kind: 'code', line, endLine: to });
        break;
      }
      default:
        break;
    }
  }
  return out;
}

function renderInline(inline: Token, firstLine: number, links: { href: string; line: number }[]): PlainText {
  let text = '';
  const lineAt: number[] = [];
  let line = firstLine;
  const add = (s: string) => {
    text += s;
    for (let i = 0; i < s.length; i++) lineAt.push(line);
  };
  for (const c of inline.children ?? []) {
    switch (c.type) {
      case 'text':
      case 'code_inline':
        add(c.content);
        break;
      case 'softbreak':
      case 'hardbreak':
        add(' ');
        line++;
        break;
      case 'image':
        add(c.content);
        break;
      case 'link_open': {
        const href = c.attrGet('href');
        if (typeof href === 'string') links.push({ href, line });
        break;
      }
      default:
        break;
    }
  }
  return { text, lineAt };
}

/** Plain text of a heading or paragraph line for titles. */
export function plainInline(source: string): string {
  const tokens = md.parseInline(source, {});
  const first = tokens[0];
  return first === undefined ? source : renderInline(first, 1, []).text;
}
