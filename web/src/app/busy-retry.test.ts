import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import { apiFetch, ApiError, BUSY_RETRIES, busyDelayMs, getJson } from './api.ts';
import BusyNotice from './BusyNotice.svelte';

// The server side of 503 busy is tested over real HTTP (server/api/admission.test.ts); here the browser's fetch answers
// with that exact shape, to see what the app does with it.
const busy = (retryAfter: number, code = 'busy') =>
  new Response(
    JSON.stringify({
      error: {
        code,
        message: `the server is busy with dashboard and indicator views; try again in ${retryAfter} s`,
        message_zh: `服务器正忙于看板与指标视图；请 ${retryAfter} 秒后重试`,
        details: { class: 'views', running: 6, waiting: 200, retry_after: retryAfter },
      },
    }),
    { status: 503, headers: { 'Content-Type': 'application/json', 'Retry-After': String(retryAfter) } },
  );
const ok = () => new Response(JSON.stringify({ fine: true }), { headers: { 'Content-Type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('503 busy in the web app', () => {
  it('shows "busy, retrying" in the page language while it waits, then answers', async () => {
    const fetch = vi.fn().mockResolvedValueOnce(busy(1)).mockResolvedValueOnce(ok());
    vi.stubGlobal('fetch', fetch);
    const { rerender } = render(BusyNotice, { lang: 'zh-CN' });
    expect(screen.queryByTestId('busy-notice')).toBeNull();

    const answer = getJson<{ fine: boolean }>('/api/reference');
    const notice = await screen.findByTestId('busy-notice');
    expect(notice.textContent).toMatch(/服务器繁忙，[012] 秒后重试/);
    await rerender({ lang: 'en' });
    expect(screen.getByTestId('busy-notice').textContent).toMatch(/The server is busy; retrying in [012] s/);

    expect(await answer).toEqual({ fine: true });
    expect(fetch).toHaveBeenCalledTimes(2);
    await waitFor(() => expect(screen.queryByTestId('busy-notice')).toBeNull());
  });

  it("retries the analyst SQL gate's 503 sql_busy the same way", async () => {
    const fetch = vi.fn().mockResolvedValueOnce(busy(1, 'sql_busy')).mockResolvedValueOnce(ok());
    vi.stubGlobal('fetch', fetch);
    expect(await getJson<{ fine: boolean }>('/api/sql')).toEqual({ fine: true });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('backs off from Retry-After and gives up with the server message after its retries', async () => {
    vi.useFakeTimers();
    const fetch = vi.fn().mockImplementation(() => Promise.resolve(busy(2)));
    vi.stubGlobal('fetch', fetch);
    const call = apiFetch('/api/rankings').catch((e: unknown) => e);
    // 2 s, 4 s, 8 s, 16 s and up to a quarter more each
    for (let i = 0; i < BUSY_RETRIES; i++) await vi.advanceTimersByTimeAsync(20_000);
    const err = (await call) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 503, code: 'busy' });
    expect(err.messageZh).toMatch(/服务器正忙/);
    expect(fetch).toHaveBeenCalledTimes(BUSY_RETRIES + 1);
  });

  it('waits Retry-After doubled per attempt, spread by up to a quarter, at most 30 s', () => {
    expect(busyDelayMs(2, 1, () => 0)).toBe(2000);
    expect(busyDelayMs(2, 2, () => 0)).toBe(4000);
    expect(busyDelayMs(2, 3, () => 1)).toBe(10_000);
    expect(busyDelayMs(20, 4, () => 0)).toBe(30_000);
    expect(busyDelayMs(0, 1, () => 0)).toBe(1000);
  });

  it('stops waiting when the call is aborted, and does not retry other errors', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(busy(5)));
    const abort = new AbortController();
    const call = apiFetch('/api/rankings', { signal: abort.signal }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 20));
    abort.abort(new DOMException('left the page', 'AbortError'));
    expect(((await call) as Error).name).toBe('AbortError');

    const once = vi.fn().mockResolvedValue(
      new Response(JSON.stringify({ error: { code: 'query_timeout', message: 'stopped', message_zh: '已停止' } }), {
        status: 504,
      }),
    );
    vi.stubGlobal('fetch', once);
    await expect(apiFetch('/api/rankings')).rejects.toMatchObject({ status: 504 });
    expect(once).toHaveBeenCalledTimes(1);
  });
});
