import type { MessageKey } from "~/i18n";

/**
 * The one way a model refuses something a person asked for: a message key (models speak no language),
 * the HTTP status the refusal deserves, and the form field at fault, if one is. Routes never build
 * their own error text: an action turns it into a FormReply with `replyFromError`
 * (app/lib/forms.server.ts); a loader lets `statusResponse` turn it into a status page.
 */
export class DomainError extends Error {
  constructor(
    readonly messageKey: MessageKey,
    readonly status: number = 400,
    readonly field?: string,
    readonly vars?: Record<string, string | number>,
  ) {
    super(messageKey);
    this.name = "DomainError";
  }
}
