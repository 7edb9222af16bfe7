import type { ComplaintStatus } from "~/lib/codes";

// The status rules of a complaint that pages show as buttons and models enforce: when a reporter may
// still add information, confirm the fix or reopen. No `.server`: components may ask them too.

export const DAY_MS = 24 * 60 * 60 * 1000;
export const REOPEN_WINDOW_DAYS = 30;
export const SIMILAR_WINDOW_DAYS = 30;
export const OPEN_STATUSES: ComplaintStatus[] = ["NEW", "VERIFIED", "SENT", "ANSWERED"];

export function canReopen(complaint: { status: string; closedAt: Date | null }, now = new Date()): boolean {
  return complaint.status === "CLOSED" && !!complaint.closedAt && now.getTime() - complaint.closedAt.getTime() <= REOPEN_WINDOW_DAYS * DAY_MS;
}
export function canConfirmFixed(complaint: { status: string }): boolean {
  return ["VERIFIED", "SENT", "ANSWERED"].includes(complaint.status);
}
export function canAddInfo(complaint: { status: string }): boolean {
  return !["CLOSED", "REJECTED", "DUPLICATE"].includes(complaint.status);
}
