import type { SerializeFrom } from "@remix-run/node";
import type { loader } from "~/routes/map";

// The map page's data as its components receive it (type only: no server code reaches the browser).
export type MapPageData = SerializeFrom<typeof loader>;
