import { Form, type FormProps } from "@remix-run/react";
import type { FormEvent, RefObject } from "react";

// A form that asks once before it does something that cannot be undone (delete a draft sidak, submit
// it, send an answer back to the unit), with the browser's own confirmation (window.confirm), as the
// complaint form's "Buang draf" does: it is modal, keyboard- and screen-reader-accessible everywhere,
// needs no round trip on a bad signal (it works offline too), and "Batal" or Escape sends nothing.
//
// Without JavaScript the form posts as it always did; the server's contract is unchanged (the same
// fields), so API clients and posts replayed from the send queue are not asked again.

type ConfirmFormProps = FormProps & {
  /** The question, in plain words: what will happen and that it cannot be undone. */
  question: string;
  /** Ask only when this holds (e.g. a required reason is filled: else the server refuses it anyway). */
  askWhen?: (form: HTMLFormElement) => boolean;
  formRef?: RefObject<HTMLFormElement>;
  testId?: string;
  /** After "OK": may take the post over (the send queue calls preventDefault and sends it itself). */
  onConfirmed?: (event: FormEvent<HTMLFormElement>) => void;
};

export function ConfirmForm({ question, askWhen, formRef, testId, onConfirmed, children, ...formProps }: ConfirmFormProps) {
  const ask = (event: FormEvent<HTMLFormElement>) => {
    if (!askWhen || askWhen(event.currentTarget)) {
      if (!window.confirm(question)) return event.preventDefault(); // Remix's <Form> then posts nothing
    }
    onConfirmed?.(event);
  };
  return (
    <Form {...formProps} ref={formRef} onSubmit={ask} data-testid={testId}>
      {children}
    </Form>
  );
}
