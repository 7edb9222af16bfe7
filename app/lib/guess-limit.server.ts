import { clientIp } from "./http.server";
import { perWorkerLimit } from "./cluster.server";

// Guessing limits (issue 13, item 6): tracking codes and Open311 tokens are secrets one can guess at.
// Only misses count, per client address: after GUESS_LIMIT_MISSES misses in GUESS_WINDOW_MS, every
// lookup from that address answers 429 until the window ends. A resident who types the right code
// never adds to the count, so a right code is never slowed. Kept in memory: a restart giving a
// guesser a fresh window is no worse than one window more; with several workers each applies its
// share of the limit (cluster.server.ts).

export const GUESS_WINDOW_MS = 10 * 60_000;

function missesAllowed(): number {
  const n = Number(process.env.GUESS_LIMIT_MISSES ?? 20);
  return perWorkerLimit(Number.isSafeInteger(n) && n > 0 ? n : 20);
}

type Window = { misses: number; endsAt: number };
const windows = new Map<string, Window>();

function current(ip: string, now: number): Window | undefined {
  const window = windows.get(ip);
  if (window && window.endsAt <= now) {
    windows.delete(ip);
    return undefined;
  }
  return window;
}

/** Answers 429 (thrown) when this address has used up its misses; the caller then looks nothing up. */
export function refuseWhileGuessing(request: Request, body = "Terlalu banyak kode yang salah dari alamat ini. Coba lagi dalam 10 menit. / Too many wrong codes from this address. Try again in 10 minutes."): void {
  const window = current(clientIp(request), Date.now());
  if (window && window.misses >= missesAllowed()) throw guessingResponse(window, body);
}

/** Whether this address may still look a code up (false once its misses are used up). */
export function guessingBlocked(request: Request): boolean {
  const window = current(clientIp(request), Date.now());
  return Boolean(window && window.misses >= missesAllowed());
}

/** Counts one miss (a code or token that matched nothing) against the client's address. */
export function recordMiss(request: Request): void {
  const ip = clientIp(request);
  const now = Date.now();
  const window = current(ip, now);
  if (window) window.misses += 1;
  else windows.set(ip, { misses: 1, endsAt: now + GUESS_WINDOW_MS });
  // Expired windows are dropped as they are met; a flood of addresses is trimmed here.
  if (windows.size > 50_000) for (const [key, w] of windows) if (w.endsAt <= now) windows.delete(key);
}

function guessingResponse(window: Window, body: string): Response {
  return new Response(body, {
    status: 429,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(Math.ceil((window.endsAt - Date.now()) / 1000)), "Cache-Control": "no-store" },
  });
}
