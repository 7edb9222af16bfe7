import type { phone } from "./phone";

export const phoneEn: Record<keyof typeof phone.id, string> = {
  "phone.mapOptions": "Map filters and legend",
  "phone.progress": "{done} of {total} answered",
  "phone.progressTitle": "Inspection progress",
  "phone.sectionProgress": "{section}: {done}/{total}",
  "phone.nextUnanswered": "Next unanswered",
  "phone.allAnswered": "Every item answered",
  "phone.toFindings": "To findings",
  "phone.toActions": "Actions",
  "phone.sections": "Sections {done}/{total}",
  "phone.sectionCount": "{done}/{total} answered",
  "phone.sectionDone": "complete",
  "phone.toFindingsCount": "Findings ({n})",
  "phone.toReview": "Review & submit",
  "phone.review.title": "Review, then submit",
  "phone.review.unanswered": "Not answered yet ({n})",
  "phone.review.allAnswered": "Every item has an answer.",
  "phone.review.noDirective": "Findings without a directive ({n})",
  "phone.review.noDirectiveHint": "A finding without a directive does not become a follow-up for the unit.",
};
