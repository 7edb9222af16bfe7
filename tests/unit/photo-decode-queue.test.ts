import { describe, expect, it } from "vitest";
import { ImageError, processImage } from "~/lib/images.server";
import { MAX_CONCURRENT_DECODES, photoDecodes } from "~/lib/decode-queue.server";
import { CORRUPT_JPEG, jpeg } from "../support/complaints";

// Issue 13: at most two photo decodes run at once in a process; more wait their turn, so a burst of big
// photos cannot take every core. Real sharp decodes; the queue's own counters are what is observed.

describe("the photo decode queue", () => {
  it("runs two of six parallel decodes and queues four, and every photo still comes out re-encoded", async () => {
    const photo = new Uint8Array(await jpeg(2200, 1100));
    const decodes = Array.from({ length: 6 }, () => processImage(photo));
    expect(MAX_CONCURRENT_DECODES).toBe(2);
    expect(photoDecodes.running).toBe(2);
    expect(photoDecodes.queued).toBe(4);
    const results = await Promise.all(decodes);
    expect(results.map((r) => Math.max(r.width, r.height))).toEqual(Array(6).fill(2048));
    expect(photoDecodes.peakRunning).toBe(2);
    expect(photoDecodes.running).toBe(0);
    expect(photoDecodes.queued).toBe(0);
  }, 40_000);

  it("frees a slot when a photo is refused, so refused photos never block the line", async () => {
    const good = new Uint8Array(await jpeg(800, 600));
    const outcomes = await Promise.allSettled([CORRUPT_JPEG, good, CORRUPT_JPEG, good, CORRUPT_JPEG, good].map((bytes) => processImage(new Uint8Array(bytes))));
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "fulfilled", "rejected", "fulfilled", "rejected", "fulfilled"]);
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(ImageError);
    expect(photoDecodes.running).toBe(0);
    expect(photoDecodes.queued).toBe(0);
    expect(photoDecodes.peakRunning).toBeLessThanOrEqual(2);
  }, 40_000);
});
