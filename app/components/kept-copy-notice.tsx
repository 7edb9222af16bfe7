import { useEffect, useRef, useState } from "react";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/time";

/**
 * When the page on screen is the copy kept on the phone (an inspector's list or draft sidak opened
 * without a signal, docs/decisions/0029), says so and from when. The service worker marks a kept copy
 * with a Server-Timing entry `tindak-kept` holding the time it was kept; a page from the network has
 * none. Once the page reads its data again from the server (`data` changes), the copy is no longer
 * what is shown and the notice goes.
 */
export function KeptCopyNotice({ data }: { data: unknown }) {
  const t = useT();
  const locale = useLocale();
  const [keptAt, setKeptAt] = useState<string | null>(null);
  const shownData = useRef(data);
  useEffect(() => setKeptAt(keptCopyTime()), []);
  if (!keptAt || shownData.current !== data) return null;
  return (
    <p className="notice" role="status" data-testid="kept-copy">
      {t("inspections.keptCopy", { time: formatDateTime(keptAt, locale) })}
    </p>
  );
}

function keptCopyTime(): string | null {
  const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
  const kept = navigation?.serverTiming?.find((entry) => entry.name === "tindak-kept")?.description;
  return kept && !Number.isNaN(Date.parse(kept)) ? kept : null;
}
