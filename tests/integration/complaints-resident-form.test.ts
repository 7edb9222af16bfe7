import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { sha256 } from "~/lib/crypto.server";
import { holdPhotos } from "~/lib/held-photos.server";
import { action } from "~/routes/complaints.new";
import { makeRequest, run } from "../support/requests";
import { complaintForm, file, filesUnder, jpeg } from "../support/complaints";

// Issue 16, item 1: what a resident on a phone without JavaScript tripped on in the complaint form.
const post = (form: FormData) => run(action, makeRequest("/complaints/new", { form, ip: "10.16.1.1" }));
const complaintAt = (res: Response) => db.complaint.findUniqueOrThrow({ where: { trackingHash: sha256(res.headers.get("Location")!.split("/").pop()!.replaceAll("-", "")) }, include: { attachments: true } });

describe("the complaint form", () => {
  it("accepts decimal commas in latitude and longitude, as Indonesian keyboards type them", async () => {
    const res = await post(await complaintForm({ lat: "-3,0140", lng: "104,7612" }));
    expect(res.status).toBe(303);
    const c = await complaintAt(res);
    expect(c.lat).toBeCloseTo(-3.014, 6);
    expect(c.lng).toBeCloseTo(104.7612, 6);
    // A thousands separator or two commas is still not a coordinate.
    for (const lat of ["-3,014,0", "-3.014,5", "-3,"]) {
      const bad = await post(await complaintForm({ lat, lng: "104,76" }));
      expect(bad.status, lat).toBe(400);
      expect((await bad.json()).fieldErrors.lat, lat).toEqual(["complaints.error.lat"]);
    }
  });

  it("keeps the photos of a form that came back with an error: sent again, they are attached without picking them again", async () => {
    const attachmentsBefore = await db.attachment.count();
    const first = await post(await complaintForm({ description: "terlalu pendek" }, [file(await jpeg(800, 600)), file(await jpeg(640, 480), "kedua.jpg")]));
    expect(first.status).toBe(400);
    const body = await first.json();
    expect(body.fieldErrors.description).toBeTruthy();
    expect(body.extra.held.photos).toHaveLength(2);
    expect(body.extra.held.photos.map((p: { width: number }) => p.width).sort()).toEqual([640, 800]);
    // Held, not attached: no record refers to them yet.
    expect(await db.attachment.count()).toBe(attachmentsBefore);

    // The browser without JavaScript posts the form again with the token and the ticked boxes, no files.
    const again = await complaintForm({}, []);
    again.append("heldPhotos", body.extra.held.token);
    for (const p of body.extra.held.photos) again.append("keepPhoto", p.key);
    const res = await post(again);
    expect(res.status).toBe(303);
    const c = await complaintAt(res);
    expect(c.attachments.map((a) => a.storageKey).sort()).toEqual(body.extra.held.photos.map((p: { key: string }) => p.key).sort());

    // The same token posted twice (a double tap) does not attach the same files to a second complaint.
    const twice = await complaintForm({}, []);
    twice.append("heldPhotos", body.extra.held.token);
    for (const p of body.extra.held.photos) twice.append("keepPhoto", p.key);
    const second = await complaintAt(await post(twice));
    expect(second.attachments).toHaveLength(0);
  });

  it("leaves out a held photo the resident unticked, and counts held photos in the limit of three", async () => {
    const first = await (await post(await complaintForm({ description: "" }, [file(await jpeg()), file(await jpeg())]))).json();
    const [keep, drop] = first.extra.held.photos as Array<{ key: string }>;

    const tooMany = await complaintForm({}, [file(await jpeg()), file(await jpeg())]);
    tooMany.append("heldPhotos", first.extra.held.token);
    tooMany.append("keepPhoto", keep!.key);
    tooMany.append("keepPhoto", drop!.key);
    const refused = await post(tooMany);
    expect(refused.status).toBe(400);
    const refusedBody = await refused.json();
    expect(refusedBody.fieldErrors.photos).toEqual(["complaints.error.photoCount"]);
    expect(refusedBody.extra.held.photos).toHaveLength(2); // still held for the next try

    const form = await complaintForm({}, [file(await jpeg(500, 400))]);
    form.append("heldPhotos", refusedBody.extra.held.token);
    form.append("keepPhoto", keep!.key);
    const c = await complaintAt(await post(form));
    expect(c.attachments).toHaveLength(2);
    expect(c.attachments.map((a) => a.storageKey)).toContain(keep!.key);
    expect(c.attachments.map((a) => a.storageKey)).not.toContain(drop!.key);
  });

  it("ignores a forged, altered or expired token: nothing is attached from it", async () => {
    const first = await (await post(await complaintForm({ description: "" }, [file(await jpeg())]))).json();
    const key = first.extra.held.photos[0].key as string;
    const expired = holdPhotos([{ storageKey: key, backend: "local", remoteUrl: null, mime: "image/jpeg", bytes: 1, width: 1, height: 1 }], Date.now() - 31 * 60 * 1000)!;
    const [body, mac] = (first.extra.held.token as string).split(".");
    const altered = `${body!.slice(0, -2)}AA.${mac}`;
    const forged = `${Buffer.from(JSON.stringify({ p: [{ storageKey: key }], e: Date.now() + 1e6 })).toString("base64url")}.x`;
    for (const token of [expired, altered, forged]) {
      const form = await complaintForm({}, []);
      form.append("heldPhotos", token);
      form.append("keepPhoto", key);
      const c = await complaintAt(await post(form));
      expect(c.attachments, token.slice(0, 20)).toHaveLength(0);
    }
    expect(filesUnder(process.env.UPLOAD_DIR!).some((f) => f.endsWith(key.split("/").pop()!))).toBe(true); // left for the sweep
  });
});
