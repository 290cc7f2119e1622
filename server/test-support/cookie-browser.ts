/**
 * What a browser does in a sign-in flow, over real HTTP: keep each server's cookies (per origin: stricter than a
 * browser, which shares them across ports), follow redirects (a 303 becomes a GET), and submit a page's form with its
 * hidden fields. Enough to walk an OpenID Connect code flow through a provider's own login and consent pages.
 */
import { rawFetch } from './raw-fetch.ts';

export interface Page {
  /** The URL the last response came from (after redirects). */
  url: string;
  status: number;
  body: string;
  /** Every URL requested, in order. */
  chain: string[];
}

export class CookieBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  cookie(origin: string, name: string): string | undefined {
    return this.jar.get(new URL(origin).origin)?.get(name);
  }

  /** The Cookie header this browser sends to an origin. */
  cookieHeader(origin: string): string {
    return [...(this.jar.get(new URL(origin).origin) ?? [])].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /**
   * Request a URL and follow its redirects to a page. `stopAt`: a redirect to a URL it accepts is not followed (the
   * page's url is that URL, its status 0), to look at or change a request before it is made.
   */
  async navigate(
    url: string,
    init: { method?: string; form?: Record<string, string>; stopAt?: (url: URL) => boolean } = {},
  ): Promise<Page> {
    const chain: string[] = [];
    let method = init.method ?? 'GET';
    let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
    for (let hop = 0; hop < 20; hop++) {
      chain.push(url);
      const headers: Record<string, string> = { cookie: this.cookieHeader(url) };
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const res = await rawFetch(url, { method, headers, body, redirect: 'manual' });
      this.store(url, res.headers.getSetCookie());
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        url = new URL(location, url).href;
        if (init.stopAt?.(new URL(url))) return { url, status: 0, body: '', chain };
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
        continue;
      }
      return { url, status: res.status, body: await res.text(), chain };
    }
    throw new Error(`more than 20 redirects: ${chain.join(' → ')}`);
  }

  /** Submit the page's (first) form with its hidden fields and `fields`. */
  submit(page: Page, fields: Record<string, string> = {}, stopAt?: (url: URL) => boolean): Promise<Page> {
    const form = /<form\b[^>]*>[\s\S]*?<\/form>/i.exec(page.body)?.[0];
    if (!form) throw new Error(`no form on ${page.url}: ${page.body.slice(0, 300)}`);
    const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`, 'i').exec(tag)?.[1];
    const action = unescape(attr(form, 'action') ?? page.url);
    const hidden: Record<string, string> = {};
    for (const input of form.match(/<input\b[^>]*>/gi) ?? []) {
      const name = attr(input, 'name');
      if (name && /type="hidden"/i.test(input)) hidden[name] = unescape(attr(input, 'value') ?? '');
    }
    return this.navigate(new URL(action, page.url).href, {
      method: (attr(form, 'method') ?? 'GET').toUpperCase(),
      form: { ...hidden, ...fields },
      stopAt,
    });
  }

  private store(url: string, setCookies: string[]): void {
    const origin = new URL(url).origin;
    const cookies = this.jar.get(origin) ?? new Map<string, string>();
    this.jar.set(origin, cookies);
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const i = pair.indexOf('=');
      const [name, value] = [pair.slice(0, i), pair.slice(i + 1)];
      const expired = attrs.some((a) => {
        const [k, v = ''] = a.split('=');
        return (
          (k.toLowerCase() === 'max-age' && Number(v) <= 0) ||
          (k.toLowerCase() === 'expires' && Date.parse(v) <= Date.now())
        );
      });
      if (expired) cookies.delete(name);
      else cookies.set(name, value);
    }
  }
}

function unescape(html: string): string {
  return html
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}
