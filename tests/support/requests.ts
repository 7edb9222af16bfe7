import { db } from "~/lib/db.server";
import { createSession } from "~/lib/session.server";

// Build real Request objects for loaders and actions, signed in or not.

export { DEMO_PASSWORD } from "../../prisma/seed/demo-password";
export const DEMO = {
  admin: "admin@demo.tindak.id",
  inspector: "inspektur@demo.tindak.id",
  headSu2: "kepala.dukcapil-su2@demo.tindak.id",
  headAal: "kepala.dukcapil-aal@demo.tindak.id",
  headNagaswidak: "kepala.puskesmas-nagaswidak@demo.tindak.id",
} as const;

const BASE = "http://localhost";

/** A Cookie header for a new session of the user with this e-mail (skips the password check). */
export async function cookieFor(email: string): Promise<string> {
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const setCookie = await createSession(user.id, new Request(BASE));
  return setCookie.split(";")[0]!;
}

export type RequestOptions = {
  method?: string;
  cookie?: string;
  form?: Record<string, string | string[] | Blob> | FormData;
  headers?: Record<string, string>;
  ip?: string;
};

export function makeRequest(pathname: string, options: RequestOptions = {}): Request {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("Cookie", options.cookie);
  headers.set("x-tindak-client-ip", options.ip ?? "127.0.0.1");
  let body: FormData | undefined;
  if (options.form instanceof FormData) body = options.form;
  else if (options.form) {
    body = new FormData();
    for (const [key, value] of Object.entries(options.form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
  }
  return new Request(new URL(pathname, BASE), {
    method: options.method ?? (body ? "POST" : "GET"),
    headers,
    body,
  });
}

/** Route module arguments as Remix passes them. */
export function args(request: Request, params: Record<string, string> = {}) {
  return { request, params, context: {} };
}

/** Runs a loader or action and returns the Response, whether it was returned or thrown. */
export async function run(fn: (a: ReturnType<typeof args>) => unknown, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    const result = await fn(args(request, params));
    if (result instanceof Response) return result;
    return new Response(JSON.stringify(result), { status: 200, headers: { "Content-Type": "application/json" } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
