import { describe, expect, it } from "vitest";
import { COMPLAINT_CATEGORIES } from "~/lib/codes";
import { db } from "~/lib/db.server";
import { publicUrl } from "~/lib/env.server";
import * as root from "~/routes/open311.v2.$file";
import * as services from "~/routes/open311.v2.services.$file";
import { call, expectErrors, get, parseXml } from "./open311-support";

// Conformance of discovery, GET services and GET services/<code> with GeoReport v2, in JSON and XML.

describe("Open311 discovery", () => {
  it("lists the v2 endpoint with both formats (JSON)", async () => {
    const res = await call(root.loader, get("/open311/v2/discovery.json"), "discovery.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = await res.json();
    expect(body.changeset).toMatch(/\+07:00$/);
    expect(body.endpoints).toEqual([
      expect.objectContaining({
        specification: "http://wiki.open311.org/GeoReport_v2",
        url: `${publicUrl()}/open311/v2`,
        type: "production",
        formats: ["text/xml", "application/json"],
      }),
    ]);
  });

  it("is also served as XML", async () => {
    const res = await call(root.loader, get("/open311/v2/discovery.xml"), "discovery.xml");
    const doc = await parseXml(res);
    expect(doc.discovery.endpoints.endpoint[0].formats.format).toEqual(["text/xml", "application/json"]);
  });
});

describe("Open311 GET services", () => {
  it("lists every complaint category as a service, in Bahasa Indonesia (JSON)", async () => {
    const res = await call(root.loader, get("/open311/v2/services.json"), "services.json");
    expect(res.status).toBe(200);
    const list = (await res.json()) as Array<Record<string, unknown>>;
    expect(list.map((s) => s.service_code)).toEqual([...COMPLAINT_CATEGORIES]);
    for (const s of list) {
      expect(Object.keys(s).sort()).toEqual(["description", "group", "keywords", "metadata", "service_code", "service_name", "type"]);
      expect(s.metadata).toBe(true);
      expect(["realtime", "batch"]).toContain(s.type);
    }
    expect(list.find((s) => s.service_code === "UNDISTRIBUTED_DOCUMENT")).toMatchObject({
      service_name: "Dokumen jadi belum diserahkan",
      type: "realtime",
    });
    expect(list.find((s) => s.service_code === "EXTORTION")).toMatchObject({ service_name: "Pungutan liar (pungli)", type: "batch" });
  });

  it("has the spec's XML shape: <services><service>…", async () => {
    const res = await call(root.loader, get("/open311/v2/services.xml"), "services.xml");
    expect(res.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    const doc = await parseXml(res);
    const list = doc.services.service as Array<Record<string, string>>;
    expect(list).toHaveLength(COMPLAINT_CATEGORIES.length);
    expect(list[0]).toMatchObject({ service_code: "UNDISTRIBUTED_DOCUMENT", metadata: "true", type: "realtime" });
    expect(list[0]!.keywords).toContain("e-KTP");
  });

  it("answers an unknown format extension with the errors body (404)", async () => {
    const res = await call(root.loader, get("/open311/v2/services.csv"), "services.csv");
    const errors = await expectErrors(res, 404);
    expect(errors[0]!.code).toBe(404);
    const noExt = await call(root.loader, get("/open311/v2/services"), "services");
    await expectErrors(noExt, 404);
  });

  it("answers an unknown resource with 404 in the requested format", async () => {
    const res = await call(root.loader, get("/open311/v2/potholes.xml"), "potholes.xml");
    await expectErrors(res, 404, "xml");
  });
});

describe("Open311 GET services/<code>", () => {
  it("defines the document count (number) and the unit (active units) for UNDISTRIBUTED_DOCUMENT (JSON)", async () => {
    const res = await call(services.loader, get("/open311/v2/services/UNDISTRIBUTED_DOCUMENT.json"), "UNDISTRIBUTED_DOCUMENT.json");
    expect(res.status).toBe(200);
    const def = await res.json();
    expect(def.service_code).toBe("UNDISTRIBUTED_DOCUMENT");
    const byCode = Object.fromEntries(def.attributes.map((a: { code: string }) => [a.code, a]));
    expect(byCode.document_count).toMatchObject({ variable: true, datatype: "number", required: false });
    expect(byCode.unitId).toMatchObject({ datatype: "singlevaluelist", variable: true });
    const activeUnits = await db.unit.count({ where: { active: true } });
    expect(byCode.unitId.values).toHaveLength(activeUnits);
    expect(byCode.privacy.values.map((v: { key: string }) => v.key)).toEqual(["public", "anonymous", "confidential"]);
    const orders = def.attributes.map((a: { order: number }) => a.order);
    expect(new Set(orders).size).toBe(orders.length);
    for (const a of def.attributes) {
      expect(Object.keys(a)).toEqual(expect.arrayContaining(["variable", "code", "datatype", "required", "datatype_description", "order", "description"]));
    }
  });

  it("has the spec's XML shape: <service_definition><attributes><attribute><values><value>", async () => {
    const res = await call(services.loader, get("/open311/v2/services/UNDISTRIBUTED_DOCUMENT.xml"), "UNDISTRIBUTED_DOCUMENT.xml");
    const doc = await parseXml(res);
    expect(doc.service_definition.service_code).toBe("UNDISTRIBUTED_DOCUMENT");
    const attrs = doc.service_definition.attributes.attribute as Array<Record<string, any>>;
    const unit = attrs.find((a) => a.code === "unitId")!;
    expect(unit.datatype).toBe("singlevaluelist");
    expect(unit.values.value.length).toBeGreaterThan(0);
    expect(unit.values.value[0]).toEqual({ key: expect.stringMatching(/^\d+$/), name: expect.any(String) });
    expect(attrs.find((a) => a.code === "document_count")!.datatype).toBe("number");
  });

  it("never offers a privacy choice for EXTORTION: it is always confidential", async () => {
    const res = await call(services.loader, get("/open311/v2/services/EXTORTION.json"), "EXTORTION.json");
    const def = await res.json();
    expect(def.attributes.map((a: { code: string }) => a.code)).not.toContain("privacy");
  });

  it("answers an unknown service_code with 404 and the errors body, in both formats", async () => {
    await expectErrors(await call(services.loader, get("/open311/v2/services/POTHOLE.json"), "POTHOLE.json"), 404);
    await expectErrors(await call(services.loader, get("/open311/v2/services/POTHOLE.xml"), "POTHOLE.xml"), 404, "xml");
    await expectErrors(await call(services.loader, get("/open311/v2/services/OTHER.yaml"), "OTHER.yaml"), 404);
  });
});
