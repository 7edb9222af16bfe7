// The count of a quantity finding over time (issue 6), shown as a chart on a submitted sidak. Pure.

/** `rejected`: the inspector did not accept that answer; the count is still what the unit reported. */
export type QuantityPoint = { at: string; value: number; source: "INSPECTION" | "RESPONSE"; rejected?: boolean };

/** The sidak's number, then each later answer's outstanding count. */
export function quantityHistory(
  at: Date,
  finding: { quantity: number | null; followUps: { responses: { createdAt: Date; outstandingQuantity: number | null; verdict?: string }[] }[] },
): QuantityPoint[] {
  if (finding.quantity === null) return [];
  const points: QuantityPoint[] = [{ at: at.toISOString(), value: finding.quantity, source: "INSPECTION" }];
  const answers = finding.followUps
    .flatMap((f) => f.responses)
    .filter((r) => r.outstandingQuantity !== null)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  for (const r of answers) {
    points.push({ at: r.createdAt.toISOString(), value: r.outstandingQuantity!, source: "RESPONSE", ...(r.verdict === "REJECTED" ? { rejected: true } : {}) });
  }
  return points;
}
