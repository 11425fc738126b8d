// A browser's cookie jar over app.inject, just enough for form journeys: sign in, post with the
// CSRF token the page gave, follow where it says.
import type { FastifyInstance } from 'fastify';
import { generate } from 'otplib';
import type { AccessRole } from '../../src/access/catalogue.ts';
import type { TestApp } from './app.ts';
import { createAccount, TEST_PASSWORD } from './identity.ts';

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
  /** Posts a multipart form, as an upload page does: text fields and files, by field name. */
  async upload(url: string, fields: Record<string, string>, files: Record<string, { name: string; type: string; bytes: Buffer }>, csrfFrom = url) {
    const boundary = '----custodian-upload-boundary';
    const parts: Buffer[] = [];
    for (const [name, value] of Object.entries({ _csrf: await this.csrf(csrfFrom), ...fields })) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    for (const [name, file] of Object.entries(files)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return this.app.inject({ method: 'POST', url, remoteAddress: this.address, headers: { cookie: this.header(), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(parts) });
  }
}


/**
 * A browser signed in as a new person holding the given roles; two-factor authentication is set up
 * on the way when the roles need it, as the person would do it.
 */
export async function signedInAs(t: TestApp, email: string, roles: readonly AccessRole[] = []): Promise<Browser> {
  await createAccount(t, email, roles);
  const browser = new Browser(t.app);
  const signedIn = await browser.post('/sign-in', { email, password: TEST_PASSWORD });
  if (signedIn.headers.location === '/account/two-factor') {
    const setup = await browser.request('GET', '/account/two-factor');
    const secret = /class="custodian-secret">([A-Z2-7]+)</.exec(setup.body)?.[1];
    if (!secret) throw new Error(`No two-factor key was shown to ${email}`);
    await browser.post('/account/two-factor', { code: await generate({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) }) }, '/account/two-factor');
  }
  return browser;
}
