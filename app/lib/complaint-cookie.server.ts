import { createCookie } from "@remix-run/node";

// Marks, for ten minutes and for this browser only, the complaint that was just created, so the
// tracking page shows the "keep this code" notice once. It carries the complaint id, never the code.
export const newComplaintCookie = createCookie("tindak_new_complaint", {
  path: "/track",
  httpOnly: true,
  sameSite: "lax",
  maxAge: 600,
});
