import { useEffect, useState } from "react";

/** False on the server and in the first browser render, true once React has hydrated: Leaflet waits for it. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
