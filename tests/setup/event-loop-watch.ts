import { expect } from "vitest";

// Vitest 3.2's worker waits at most 60 s for the runner to acknowledge a test's progress (a fixed RPC
// timeout). A worker whose event loop is held that long by synchronous work (a busy wait, a blocking
// child process, a chain of synchronous database calls awaited back to back) ends a green run with
// "Timeout calling onTaskUpdate" and no test named (issue 22). This names the test instead: any stall of
// this worker's event loop over 15 s is printed with the test that was running.
const STALL_MS = 15_000;
const TICK_MS = 1_000;

let last = Date.now();
const timer = setInterval(() => {
  const now = Date.now();
  const stalled = now - last - TICK_MS;
  last = now;
  if (stalled > STALL_MS) {
    const { testPath, currentTestName } = expect.getState();
    process.stderr.write(`[event-loop] worker ${process.pid} stalled ${(stalled / 1000).toFixed(1)} s during ${testPath ?? "?"} > ${currentTestName ?? "(between tests)"}\n`);
  }
}, TICK_MS);
timer.unref();
