import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, FINDING_CATEGORIES } from "~/lib/codes";

// Codes of the map capability shared by the server model and the browser (the filter form, the legend).

export const MAP_LAYERS = ["units", "complaints", "findings"] as const;
export type MapLayer = (typeof MAP_LAYERS)[number];

/** The colour states of the legend: overdue red, open amber, answered blue, done green. */
export const MAP_STATES = ["overdue", "open", "answered", "done"] as const;
export type MapState = (typeof MAP_STATES)[number];

/** Follow-up states accepted by the `status` filter, next to the complaint statuses. */
export const STATE_FILTERS = ["OVERDUE", "OPEN", "ANSWERED", "DONE"] as const;
export const STATUS_FILTERS = [...new Set<string>([...STATE_FILTERS, ...COMPLAINT_STATUSES])] as readonly string[];
export const MAP_CATEGORIES = [...new Set<string>([...COMPLAINT_CATEGORIES, ...FINDING_CATEGORIES])] as readonly string[];
