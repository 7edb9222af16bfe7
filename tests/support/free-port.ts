import net from "node:net";

/**
 * A port nobody listens on right now (the OS picks it; the server takes it a moment later). Shared by the
 * test servers and the benchmarks, which run outside Vitest, so this file imports nothing from it.
 */
export function pickFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
