import type { phone } from "./phone";

export const phoneEn: Record<keyof typeof phone.id, string> = {
  "phone.menu": "Menu",
  "phone.menuClose": "Close menu",
  "phone.signedInAs": "Signed in as {name} · {role}",
  "phone.mapOptions": "Map filters and legend",
  "phone.progress": "{done} of {total} answered",
  "phone.progressTitle": "Inspection progress",
  "phone.sectionProgress": "{section}: {done}/{total}",
  "phone.nextUnanswered": "Next unanswered",
  "phone.allAnswered": "Every item answered",
  "phone.toFindings": "To findings",
  "phone.toActions": "Actions",
};
