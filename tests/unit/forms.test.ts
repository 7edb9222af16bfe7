import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "~/lib/domain-error";
import { errorsOf, type FormReply } from "~/lib/form-reply";
import { parseForm, replyFromError, statusResponse } from "~/lib/forms.server";

// The one form pattern (docs/decisions/0025): what a person sees after a refused form depends on this
// reply shape, so it is pinned here once for every action that uses it.

const schema = z.object({
  intent: z.literal("save"),
  name: z.string({ required_error: "admin.fixErrors" }).min(3, "admin.fixErrors"),
  count: z.coerce.number({ invalid_type_error: "admin.fixErrors" }).int().min(0, "admin.fixErrors"),
});

function form(entries: Record<string, string>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(entries)) data.append(k, v);
  return data;
}

describe("parseForm", () => {
  it("gives the parsed value when the form is valid", () => {
    const parsed = parseForm(form({ intent: "save", name: "Puskesmas", count: "4" }), schema);
    expect(parsed).toEqual({ ok: true, value: { intent: "save", name: "Puskesmas", count: 4 } });
  });

  it("answers 400 with each field's message keys, the intent and what was typed (never a password)", async () => {
    const parsed = parseForm(form({ intent: "save", name: "ab", count: "-1", password: "rahasia" }), schema);
    if (parsed.ok) throw new Error("a short name and a negative count must be refused");
    expect(parsed.reply.status).toBe(400);
    const reply = (await parsed.reply.json()) as FormReply;
    expect(reply.intent).toBe("save");
    expect(Object.keys(reply.fieldErrors).sort()).toEqual(["count", "name"]);
    expect(reply.fieldErrors.name).toEqual(["admin.fixErrors"]);
    expect(reply.values).toEqual({ intent: "save", name: "ab", count: "-1" });
    expect(errorsOf(reply, "save")).toEqual({ name: "admin.fixErrors", count: "admin.fixErrors" });
    expect(errorsOf(reply, "other")).toBeUndefined();
  });
});

describe("replyFromError", () => {
  it("turns a DomainError on a field into that field's error with the model's status", async () => {
    const response = replyFromError("save", new DomainError("admin.fixErrors", 409, "name"));
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ intent: "save", fieldErrors: { name: ["admin.fixErrors"] } });
  });

  it("turns a DomainError without a field into the form's error", async () => {
    const response = replyFromError("save", new DomainError("admin.fixErrors", 422, undefined, { n: 2 }));
    expect(await response.json()).toEqual({ intent: "save", fieldErrors: {}, formError: "admin.fixErrors", vars: { n: 2 } });
  });

  it("lets any other error through: a bug is not a refusal", () => {
    expect(() => replyFromError("save", new TypeError("boom"))).toThrow(TypeError);
  });
});

describe("statusResponse", () => {
  it("throws a plain status page in both languages", async () => {
    let thrown: unknown;
    try {
      statusResponse(new DomainError("admin.fixErrors", 403));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(403);
    expect(await (thrown as Response).text()).toContain(" / ");
  });
});
