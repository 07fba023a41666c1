import { Form, Link, useNavigation } from "@remix-run/react";
import { useEffect, useId, useRef, type ReactNode } from "react";
import { FormAlert } from "~/components/ui/alerts";

type Failure = { formError?: string; intent?: string; formParams?: Record<string, string | number> };

/**
 * The step between a click and what cannot be undone: a panel rendered by the
 * server (so it works without JavaScript) that says what will happen, with the
 * one button that does it and a way back. It takes the focus when it appears,
 * so a screen reader and a phone land on it.
 */
export function ConfirmStep({
  title,
  children,
  action,
  fields,
  submitLabel,
  cancelTo,
  cancelLabel,
  result,
  intent,
}: {
  title: string;
  children: ReactNode;
  /** Where the confirming POST goes (the page with its confirmation open, so a refusal shows here). */
  action: string;
  fields: Record<string, string>;
  submitLabel: string;
  cancelTo: string;
  cancelLabel: string;
  result?: Failure;
  /** The form whose refusal this step shows (the answer's `intent`). */
  intent?: string;
}) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const navigation = useNavigation();
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="panel confirm-step" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {children}
      <Form method="post" action={action}>
        <FormAlert failure={result} intent={intent} />
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <div className="actions">
          <button type="submit" className="button danger" disabled={navigation.state === "submitting"}>
            {submitLabel}
          </button>
          <Link to={cancelTo} className="button secondary">
            {cancelLabel}
          </Link>
        </div>
      </Form>
    </section>
  );
}
