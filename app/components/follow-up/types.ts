import type { SerializeFrom } from "@remix-run/node";
import type { loader } from "~/routes/follow-ups.$id";

// The follow-up page's data as its components receive it (type only: nothing of the route's server code
// reaches the browser through this import).
export type FollowUpPageData = SerializeFrom<typeof loader>;
export type FollowUpView = FollowUpPageData["followUp"];
export type PendingExtension = NonNullable<FollowUpView["pendingExtension"]>;
