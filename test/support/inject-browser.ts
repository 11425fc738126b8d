// A browser's cookie jar over app.inject, just enough for form journeys: sign in, post with the
// CSRF token the page gave, follow where it says.
import type { FastifyInstance } from 'fastify';

let browsers = 0;

export class Browser {
  cookies = new Map<string, string>();
  /** Each browser is a different person on a different address, as the rate limits see it. */
  readonly address = `127.0.${Math.floor(++browsers / 250)}.${(browsers % 250) + 1}`;
  constructor(private readonly app: FastifyInstance) {}
  private header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string>) {
    const res = await this.app.inject({ method, url, remoteAddress: this.address, headers: { cookie: this.header(), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }, ...(form ? { payload: new URLSearchParams(form).toString() } : {}) });
    for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }
  async csrf(url = '/sign-in'): Promise<string> {
    const page = await this.request('GET', url);
    return /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  }
  async post(url: string, form: Record<string, string>, csrfFrom = url) {
    return this.request('POST', url, { _csrf: await this.csrf(csrfFrom), ...form });
  }
}

