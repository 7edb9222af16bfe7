// What the sidak page's action answers when it does not redirect (app/lib/inspection-actions.server.ts):
// the intent that posted, which item or finding it concerned, and the translated errors with what was
// typed. Shared by the action and the page's components, so it lives in a module without `.server`.
export type InspectionActionReply = {
  intent: string;
  itemId?: number;
  findingId?: number | null;
  ok?: boolean;
  formError?: string;
  errors?: Record<string, string>;
  values?: Record<string, string>;
};
