import { beforeEach, expect } from "vitest";

// Every test must run at least one assertion: a test whose checks sit in a loop over an empty list, or
// behind an early return, fails instead of passing without having checked anything (issue 22).
beforeEach(() => {
  expect.hasAssertions();
});
