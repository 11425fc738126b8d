// Page links for a long list, worked out for the links shown rather than for every page: a register
// of 100,000 incidents has 2,000 pages, and building an address for each one (then looping over them
// in the template) cost every request, while capping that list had left the last pages unreachable.

export type PageLink = { readonly number: number; readonly href: string; readonly current: boolean } | { readonly ellipsis: true };

/** What the GOV.UK pagination component takes. */
export interface PageLinks {
  readonly items: readonly PageLink[];
  readonly previous?: { readonly href: string };
  readonly next?: { readonly href: string };
}

/** The first three pages, the last two and those either side of this one, with an ellipsis for each gap; none for a single page. */
export function pageLinks(page: number, pages: number, hrefOf: (page: number) => string): PageLinks | undefined {
  if (pages <= 1) return undefined;
  const current = Math.min(Math.max(1, page), pages);
  const shown = [...new Set([1, 2, 3, current - 1, current, current + 1, pages - 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const items: PageLink[] = [];
  shown.forEach((n, i) => {
    if (i > 0 && n > shown[i - 1]! + 1) items.push({ ellipsis: true });
    items.push({ number: n, href: hrefOf(n), current: n === current });
  });
  return {
    items,
    ...(current > 1 ? { previous: { href: hrefOf(current - 1) } } : {}),
    ...(current < pages ? { next: { href: hrefOf(current + 1) } } : {}),
  };
}
