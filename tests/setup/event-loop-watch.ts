import { expect } from "vitest";
import { reportEventLoopStalls } from "../support/event-loop-stalls";

// In every worker: a stall over 15 s is printed with the test that was running (issue 22).
reportEventLoopStalls(`worker ${process.pid}`, () => {
  const { testPath, currentTestName } = expect.getState();
  return ` during ${testPath ?? "?"} > ${currentTestName ?? "(between tests)"}`;
});
