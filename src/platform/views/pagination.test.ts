import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pageLinks } from './pagination.ts';

const hrefOf = (n: number) => `/incidents?page=${n}`;
const shape = (page: number, pages: number) =>
  pageLinks(page, pages, hrefOf)?.items.map((item) => ('ellipsis' in item ? '…' : item.current ? `[${item.number}]` : String(item.number))).join(' ');

describe('page links', () => {
  it('gives none for a list that fits on one page', () => {
    assert.equal(pageLinks(1, 1, hrefOf), undefined);
    assert.equal(pageLinks(1, 0, hrefOf), undefined);
  });

  it('shows the first three, the last two and the pages either side of this one, with an ellipsis for each gap', () => {
    assert.equal(shape(1, 2000), '[1] 2 3 … 1999 2000');
    assert.equal(shape(1000, 2000), '1 2 3 … 999 [1000] 1001 … 1999 2000');
    assert.equal(shape(4, 10), '1 2 3 [4] 5 … 9 10');
    assert.equal(shape(2000, 2000), '1 2 3 … 1999 [2000]');
    assert.equal(shape(3, 5), '1 2 [3] 4 5');
  });

  it('reaches the last page of a very long register, and links previous and next', () => {
    const links = pageLinks(1999, 2000, hrefOf)!;
    assert.deepEqual(links.next, { href: '/incidents?page=2000' });
    assert.deepEqual(links.previous, { href: '/incidents?page=1998' });
    assert.equal(pageLinks(1, 3, hrefOf)!.previous, undefined);
    assert.equal(pageLinks(3, 3, hrefOf)!.next, undefined);
  });

  it('treats a page past the end as the last page', () => {
    assert.equal(shape(9, 4), '1 2 3 [4]');
  });
});
