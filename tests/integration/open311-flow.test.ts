import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { isoWib } from "~/lib/time";
import { sendToUnit } from "~/models/complaint/triage.server";
import * as root from "~/routes/open311.v2.$file";
import * as one from "~/routes/open311.v2.requests.$file";
import * as track from "~/routes/track.$code";
import * as followUps from "~/routes/follow-ups._index";
import { cookieFor, DEMO, makeRequest, run } from "../support/requests";
import { call, ensureDemoKey, get, postForm, validRequest } from "./open311-support";

// The whole road of a request filed by another app: Open311 POST → the reporter's tracking page →
// GET requests/<id> → an inspector sends it to the unit → the unit head's follow-up inbox, and the
// Open311 record now carries the follow-up deadline as expected_datetime.

beforeAll(async () => {
  await ensureDemoKey();
});

describe("a request filed through Open311", () => {
  it("is found on the tracking page, by GET requests/<id>, and in the unit head's inbox once sent", async () => {
    const head = await db.user.findUniqueOrThrow({ where: { email: DEMO.headSu2 } });
    const unit = await db.unit.findUniqueOrThrow({ where: { id: head.unitId! } });
    const res = await call(
      root.action,
      postForm("/open311/v2/requests.json", validRequest({ service_code: "UNDISTRIBUTED_DOCUMENT", "attribute[unitId]": String(unit.id), "attribute[document_count]": "4" })),
      "requests.json",
    );
    expect(res.status).toBe(200);
    const [created] = await res.json();
    const ref: string = created.service_request_id;
    const code = String(created.service_notice).match(/\/track\/([A-Za-z0-9_-]+)/)![1]!;

    // The reporter's tracking page.
    const page = await run(track.loader, makeRequest(`/track/${code}`), { code });
    expect(page.status).toBe(200);
    const tracked = await page.json();
    expect(tracked.complaint.ref).toBe(ref);

    // Open311 before it is sent: open, no deadline yet.
    const before = (await (await call(one.loader, get(`/open311/v2/requests/${ref}.json`), `${ref}.json`)).json())[0];
    expect(before).toMatchObject({ service_request_id: ref, status: "open", agency_responsible: unit.name, expected_datetime: null, service_code: "UNDISTRIBUTED_DOCUMENT" });

    // An inspector sends it to the unit.
    const inspector = await db.user.findUniqueOrThrow({ where: { email: DEMO.inspector } });
    const complaint = await db.complaint.findUniqueOrThrow({ where: { ref } });
    const sent = await sendToUnit({ id: inspector.id, role: "INSPECTOR", unitId: null }, complaint.id, {
      instruction: "Serahkan 4 e-KTP yang sudah jadi kepada pelapor dan laporkan buktinya.",
      severity: "MEDIUM",
    });
    expect(sent.ok).toBe(true);
    const followUp = await db.followUp.findFirstOrThrow({ where: { complaintId: complaint.id } });

    // The unit head's inbox lists it.
    const cookie = await cookieFor(DEMO.headSu2);
    let found = false;
    for (let pageNo = 1; pageNo <= 50 && !found; pageNo++) {
      const inbox = await (await run(followUps.loader, makeRequest(`/follow-ups?page=${pageNo}`, { cookie }))).json();
      found = inbox.items.some((i: { id: number }) => i.id === followUp.id);
      if (pageNo >= inbox.pages) break;
    }
    expect(found).toBe(true);

    // Open311 now reports the deadline and the new status.
    const after = (await (await call(one.loader, get(`/open311/v2/requests/${ref}.json`), `${ref}.json`)).json())[0];
    expect(after.expected_datetime).toBe(isoWib(followUp.dueAt));
    expect(after.status).toBe("open");
    expect(after.status_notes).toBeTruthy();
    const listed = (await (await call(root.loader, get(`/open311/v2/requests.json?service_request_id=${ref}`), "requests.json")).json())[0];
    expect(listed).toEqual(after);
  });
});
