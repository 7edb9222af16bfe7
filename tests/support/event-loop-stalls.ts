// Vitest 3.2's worker waits at most 60 s for the runner to acknowledge a test's progress (birpc's fixed
// timeout). A process whose event loop is held that long by synchronous work (a busy wait, a blocking
// child process, a chain of synchronous database calls awaited back to back) ends a green run with
// "Timeout calling onTaskUpdate" and no test named (issue 22). This watch names the moment instead:
// any stall of the process's event loop over 15 s is printed with what `describe()` says was running.
const STALL_MS = 15_000;
const TICK_MS = 1_000;

/** Prints `[event-loop] <who> stalled N s<where>` for every stall over 15 s of this process's event loop. */
export function reportEventLoopStalls(who: string, where: () => string = () => ""): void {
  let last = Date.now();
  setInterval(() => {
    const now = Date.now();
    const stalled = now - last - TICK_MS;
    last = now;
    if (stalled > STALL_MS) process.stderr.write(`[event-loop] ${who} stalled ${(stalled / 1000).toFixed(1)} s${where()}\n`);
  }, TICK_MS).unref();
}
