import { afterEach, describe, expect, it, vi } from "vitest";
import { sizeFromEnv } from "../support/knobs";

// FUZZ_RUNS, CRASH_KILLS and LOAD_SECONDS size the fuzz, crash and load tests: a run says what they were,
// and a value that would shrink a test to nothing is refused.

describe("sizeFromEnv", () => {
  afterEach(() => {
    delete process.env.TEST_KNOB;
    vi.restoreAllMocks();
  });

  it("takes the default when unset and says so", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    expect(sizeFromEnv("TEST_KNOB", 100, 10)).toBe(100);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/TEST_KNOB=100 \(default\); at least 10/));
  });

  it("takes a value from the environment at or above the floor and prints it", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    process.env.TEST_KNOB = "10";
    expect(sizeFromEnv("TEST_KNOB", 100, 10)).toBe(10);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/TEST_KNOB=10 \(from the environment\)/));
  });

  it("refuses values below the floor, and anything that is not a whole number", () => {
    for (const bad of ["9", "0", "-5", "abc", "2.5"]) {
      process.env.TEST_KNOB = bad;
      expect(() => sizeFromEnv("TEST_KNOB", 100, 10), bad).toThrow(/TEST_KNOB=.* is not allowed: .* at least 10/);
    }
  });
});
