import { errorsOf, type FormReply } from "~/lib/form-reply";

/**
 * The errors of a page's FormReply for FieldShell and a11y (app/components/complaint-bits.tsx), which
 * take a list per field: `errors("reason")`, and `errors("form")` for the whole form.
 */
export function replyErrors(reply: FormReply<Record<string, unknown>> | null | undefined) {
  const first = errorsOf(reply);
  return (field: string): string[] | undefined => {
    const key = first?.[field];
    return key ? [key] : undefined;
  };
}
