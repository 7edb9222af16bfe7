import { expect } from "vitest";
import { XMLParser } from "fast-xml-parser";
import { sha256 } from "~/lib/crypto.server";
import { db } from "~/lib/db.server";
import { run } from "../support/requests";

// Helpers shared by the Open311 conformance tests (tests/integration/open311-*.test.ts).

export const DEMO_KEY = "demo-open311-key";
export const BASE = "http://localhost";

/** The demo key exists in the seeded database; created here if a seed ever lacks it. */
export async function ensureDemoKey() {
  const existing = await db.apiKey.findUnique({ where: { keyHash: sha256(DEMO_KEY) } });
  if (existing) {
    if (existing.revokedAt) await db.apiKey.update({ where: { id: existing.id }, data: { revokedAt: null } });
    return existing.id;
  }
  const created = await db.apiKey.create({ data: { name: "Demo", keyHash: sha256(DEMO_KEY), prefix: DEMO_KEY.slice(0, 8) } });
  return created.id;
}

export function get(path: string): Request {
  return new Request(new URL(path, BASE), { headers: { "x-tindak-client-ip": "127.0.0.1" } });
}

/** A form-encoded POST, as the spec says clients send it. */
export function postForm(path: string, fields: Record<string, string>): Request {
  return new Request(new URL(path, BASE), {
    method: "POST",
    headers: { "x-tindak-client-ip": "127.0.0.1", "user-agent": "open311-test" },
    body: new URLSearchParams(fields),
  });
}

type Fn = Parameters<typeof run>[0];

/** Runs a route's loader or action with the file param the URL would give it. */
export function call(fn: Fn, request: Request, file: string) {
  return run(fn, request, { file });
}

export const xmlParser = new XMLParser({
  // Keep every value as text: the test checks what the XML says, not what a parser guesses.
  parseTagValue: false,
  isArray: (name) => ["service", "request", "error", "attribute", "value", "endpoint", "format"].includes(name),
});

export async function parseXml(response: Response) {
  const body = await response.text();
  if (!body.startsWith('<?xml version="1.0" encoding="utf-8"?>')) throw new Error(`no XML declaration: ${body.slice(0, 80)}`);
  return xmlParser.parse(body) as Record<string, any>;
}

export async function expectErrors(response: Response, status: number, format: "json" | "xml" = "json") {
  expect(response.status, await response.clone().text()).toBe(status);
  if (format === "xml") {
    expect(response.headers.get("content-type")).toMatch(/^text\/xml/);
    const doc = await parseXml(response);
    const errors = doc.errors?.error as Array<{ code: string; description: string }>;
    expect(Array.isArray(errors) && errors.length > 0, "a non-empty <errors><error> list").toBe(true);
    for (const e of errors) expect(e.code && e.description, "each error has a code and a description").toBeTruthy();
    return errors.map((e) => ({ code: Number(e.code), description: e.description }));
  }
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const errors = (await response.json()) as Array<{ code: number; description: string }>;
  expect(Array.isArray(errors) && errors.length > 0, "the errors body is a non-empty array").toBe(true);
  for (const e of errors) {
    expect(typeof e.code).toBe("number");
    expect(typeof e.description === "string" && e.description.length > 0, "each error has a description").toBe(true);
  }
  return errors;
}

let requestNumber = 0;

/**
 * A valid POST body; override fields per test. Each call's description is different: the same key,
 * service, text and location within 24 hours would be answered as a repeat of the first.
 */
export function validRequest(overrides: Record<string, string> = {}): Record<string, string> {
  requestNumber += 1;
  return {
    api_key: DEMO_KEY,
    service_code: "WAITING_TIME",
    lat: "-2.9761",
    long: "104.7754",
    description: `Antrean di loket pelayanan sangat panjang, sudah menunggu lebih dari tiga jam tanpa kepastian (${requestNumber}).`,
    first_name: "Rina",
    last_name: "Open311Uji",
    email: "rina.open311uji@example.org",
    phone: "081234567890",
    ...overrides,
  };
}
