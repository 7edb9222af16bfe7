// Where a sidak being filled in stands (issue 21): answered / total overall and per section, the next
// unanswered item, and what the review before "Kirim sidak" lists. Computed on the server from what is
// stored, so the page shows it without JavaScript, and Remix's reload after each saved answer (a fetcher
// post or a plain form post) brings the new figures.

export type ProgressItem = { id: number; label: string; section: string };
export type ProgressFinding = { id: number; category: string; severity: string; directive: string | null };

export type SectionProgress = {
  name: string;
  /** Fragment of the section on the page (#section-1, …), in checklist order. */
  anchor: string;
  answered: number;
  total: number;
  complete: boolean;
};

export type SidakProgress = {
  answered: number;
  total: number;
  sections: SectionProgress[];
  /** The first unanswered item in checklist order; null once every item has an answer. */
  nextUnansweredId: number | null;
  unanswered: ProgressItem[];
  /** Findings that will not become a follow-up on submit, because they carry no directive. */
  findingsWithoutDirective: Omit<ProgressFinding, "directive">[];
  directives: number;
  findings: number;
};

/** `items` in checklist order (as shown); `answeredItemIds` the items with a stored answer. */
export function sidakProgress(items: ProgressItem[], answeredItemIds: Iterable<number>, findings: ProgressFinding[]): SidakProgress {
  const answered = new Set(answeredItemIds);
  const sections = new Map<string, SectionProgress>();
  const unanswered: ProgressItem[] = [];
  for (const item of items) {
    let section = sections.get(item.section);
    if (!section) {
      section = { name: item.section, anchor: `section-${sections.size + 1}`, answered: 0, total: 0, complete: false };
      sections.set(item.section, section);
    }
    section.total += 1;
    if (answered.has(item.id)) section.answered += 1;
    else unanswered.push({ id: item.id, label: item.label, section: item.section });
  }
  for (const section of sections.values()) section.complete = section.answered === section.total;
  // The same rule as submitInspection: a finding with a directive becomes a follow-up.
  const withDirective = findings.filter((f) => f.directive);
  return {
    answered: items.length - unanswered.length,
    total: items.length,
    sections: [...sections.values()],
    nextUnansweredId: unanswered[0]?.id ?? null,
    unanswered,
    findingsWithoutDirective: findings
      .filter((f) => !withDirective.includes(f))
      .map(({ id, category, severity }) => ({ id, category, severity })),
    directives: withDirective.length,
    findings: findings.length,
  };
}
