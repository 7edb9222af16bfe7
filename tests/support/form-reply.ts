import { translate } from "~/i18n";
import type { FormReply } from "~/lib/form-reply";

// Actions answer a refused form with a FormReply in message keys (docs/decisions/0025); the page
// translates them. Tests read what the person is shown: every message, in Bahasa Indonesia.

/** The reply of a refused form, with its messages as the page shows them (one a line, fields first). */
export async function readReply(res: Response): Promise<FormReply & { text: string }> {
  const reply = (await res.json()) as FormReply;
  const keys = [...Object.values(reply.fieldErrors).flat(), ...(reply.formError ? [reply.formError] : [])];
  return { ...reply, text: keys.map((key) => translate("id", key, reply.vars)).join("\n") };
}
