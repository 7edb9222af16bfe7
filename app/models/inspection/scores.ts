// How a sidak is scored (issue 4). Pure: the sidak page, the print view and the PDF show the same figures
// the submit stores.

export const ANSWER_RESULTS = ["PASS", "FAIL", "NA"] as const;
export type AnswerResult = (typeof ANSWER_RESULTS)[number];

export type ScoreItem = { id: number; section: string };
export type ScoreAnswer = { itemId: number; result: string };
export type SectionScore = { section: string; pass: number; fail: number; na: number; unanswered: number; score: number | null };

/**
 * Section and total scores: pass / (pass + fail) × 100 over answered pass/fail items; N/A and
 * unanswered items count for neither side. A section with no pass/fail answer has no score (null).
 */
export function computeScores(items: ScoreItem[], answers: ScoreAnswer[]): { sections: SectionScore[]; total: number | null } {
  const byItem = new Map(answers.map((a) => [a.itemId, a.result]));
  const sections = new Map<string, SectionScore>();
  let pass = 0;
  let fail = 0;
  for (const item of items) {
    let s = sections.get(item.section);
    if (!s) sections.set(item.section, (s = { section: item.section, pass: 0, fail: 0, na: 0, unanswered: 0, score: null }));
    const result = byItem.get(item.id);
    if (result === "PASS") s.pass++, pass++;
    else if (result === "FAIL") s.fail++, fail++;
    else if (result === "NA") s.na++;
    else s.unanswered++;
  }
  for (const s of sections.values()) s.score = s.pass + s.fail ? round1((s.pass / (s.pass + s.fail)) * 100) : null;
  return { sections: [...sections.values()], total: pass + fail ? round1((pass / (pass + fail)) * 100) : null };
}

function round1(n: number) {
  return Math.round(n * 10) / 10;
}
