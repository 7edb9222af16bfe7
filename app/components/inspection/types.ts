import type { SerializeFrom } from "@remix-run/node";
import type { loader } from "~/routes/inspections.$id";

// The sidak page's data as its components receive it (type only: nothing of the route's server code
// reaches the browser through this import).
export type InspectionPageData = SerializeFrom<typeof loader>;
export type InspectionPageView = InspectionPageData["inspection"];
export type ChecklistItem = InspectionPageView["items"][number];
export type ChecklistAnswer = InspectionPageView["answers"][number];
export type FindingView = InspectionPageView["findings"][number];
