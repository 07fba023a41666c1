// Nothing typed into a section is lost when the session ends. The browser
// keeps the form's text (localStorage, per proposal and section) until the
// server has saved it, and puts it back into the form when the person comes
// back; a Save sent without a session returns with its text (see the route's
// ErrorBoundary), ready to be sent again once signed in.
import { Form, useLocation, useParams } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { InfoNote } from "~/components/proposals/fields";
import type { Section } from "~/domains/proposals/proposal-schemas";
import { SECTION_INTENT } from "./intents";
import { Notice } from "~/components/ui/alerts";

export type SessionExpired = {
  sessionExpired: true;
  section?: Section;
  intent?: typeof SECTION_INTENT.save | typeof SECTION_INTENT.next;
  values?: Record<string, string>;
};

/** A 401 answer's data is the route's own SessionExpired when it says so. */
export function isSessionExpired(data: unknown): data is SessionExpired {
  return typeof data === "object" && data !== null && "sessionExpired" in data && data.sessionExpired === true;
}

/** What the browser keeps; read back through the schema because anything may sit in localStorage. */
const StoredSchema = z.object({ values: z.record(z.string()), baseUpdatedAt: z.string() });
type Stored = z.infer<typeof StoredSchema>;

const storageKey = (proposalId: string, section: Section) => `proposal-draft:${proposalId}:${section}`;

function read(key: string): Stored | null {
  try {
    const raw = window.localStorage.getItem(key);
    const parsed = StoredSchema.safeParse(raw ? JSON.parse(raw) : null);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function write(key: string, stored: Stored | null) {
  try {
    if (stored) window.localStorage.setItem(key, JSON.stringify(stored));
    else window.localStorage.removeItem(key);
  } catch {
    // Storage full or disabled (private mode): the text is still in the page.
  }
}

/** The form's text fields by name, without the button that sent it. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) if (typeof value === "string" && name !== "intent") values[name] = value;
  return values;
}

/** Same text, ignoring empty fields (a blank row added is not a change). */
function sameText(a: Record<string, string>, b: Record<string, string>) {
  const filled = (values: Record<string, string>) =>
    Object.entries(values)
      .filter(([, value]) => value.trim() !== "")
      .sort(([x], [y]) => (x < y ? -1 : 1));
  return JSON.stringify(filled(a)) === JSON.stringify(filled(b));
}

/**
 * The browser's copy of what is typed in one section. `restored` is the text
 * found from an earlier visit that the server does not have (null when
 * none); `keep` stores the form's current text, `saved` drops the copy once
 * the server has what was sent.
 */
export function useKeptDraft({
  proposalId,
  section,
  server,
  updatedAt,
  enabled,
}: {
  proposalId: string;
  section: Section;
  server: Record<string, string>;
  updatedAt: string;
  enabled: boolean;
}) {
  const key = storageKey(proposalId, section);
  const [restored, setRestored] = useState<{ values: Record<string, string>; sameBase: boolean } | null>(null);
  const location = useLocation();

  useEffect(() => {
    if (!enabled) return;
    const stored = read(key);
    if (!stored) return;
    // Landing on "saved" means the server has exactly what the form sent.
    if (new URLSearchParams(location.search).has("saved") || sameText(stored.values, server)) write(key, null);
    else setRestored({ values: stored.values, sameBase: stored.baseUpdatedAt === updatedAt });
    // Read once per visit of the section: later renders carry the person's own typing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, enabled]);

  const keep = useCallback(
    (values: Record<string, string>) => write(key, { values, baseUpdatedAt: restored?.sameBase === false ? "" : updatedAt }),
    [key, updatedAt, restored],
  );
  const saved = useCallback(() => write(key, null), [key]);
  return { restored, keep, saved };
}

/** Stores the form's text a moment after each change, so a closed tab or an ended session loses nothing. */
export function useKeepOnInput(formRef: RefObject<HTMLFormElement>, keep: (values: Record<string, string>) => void, enabled: boolean) {
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => {
    const form = formRef.current;
    if (!form || !enabled) return;
    const store = () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => formRef.current && keep(formValues(formRef.current)), 250);
    };
    form.addEventListener("input", store);
    form.addEventListener("change", store);
    // Sending the form stores at once: the answer may be "signed out".
    const now = () => formRef.current && keep(formValues(formRef.current));
    form.addEventListener("submit", now);
    return () => {
      clearTimeout(timer.current);
      form.removeEventListener("input", store);
      form.removeEventListener("change", store);
      form.removeEventListener("submit", now);
    };
  }, [formRef, keep, enabled]);
}

/** Where signing in again brings the person back: this section, its text put back from the browser. */
export function signInAgainHref(pathname: string) {
  return `/login?${new URLSearchParams({ redirectTo: pathname, reason: "sessionExpired" })}`;
}

/** Said under the form when an autosave found the session ended. */
export function SessionExpiredNotice() {
  const { t } = useTranslation("proposals");
  const location = useLocation();
  return (
    <Notice tone="error">
      <p>{t("sessionExpired.autosave")}</p>
      <p>
        <a className="button small" href={signInAgainHref(location.pathname)}>
          {t("sessionExpired.signIn")}
        </a>
      </p>
    </Notice>
  );
}

/** Row fields' labels: "Milestone 2 — Title". */
function labelOf(name: string, t: (key: string, options?: Record<string, unknown>) => string) {
  const [group, index, field] = name.split(".");
  if (group === "milestones" && field) return `${t("milestones.row", { n: Number(index) + 1 })} — ${t(`milestones.${field}`)}`;
  if (group === "lines" && field) {
    const key = field === "category" ? "budget.categoryLabel" : field === "remove" ? "rows.remove" : `budget.${field}`;
    return `${t("budget.row", { n: Number(index) + 1 })} — ${t(key)}`;
  }
  if (group === "documents" && index) return t(`documentKind.${index}`);
  return t(`fields.${name}`, { defaultValue: name });
}

/**
 * The answer to a Save sent after the session ended: the text sent, shown
 * and held in the form, a sign-in that opens beside this page (without
 * JavaScript the text lives only here), and the same Save again.
 */
export function SessionExpiredPage({ kept }: { kept: SessionExpired }) {
  const { t } = useTranslation("proposals");
  const { pathname } = useLocation();
  const params = useParams();
  const values = Object.entries(kept.values ?? {}).filter(([, value]) => value.trim() !== "");
  useEffect(() => {
    // With JavaScript the browser keeps the text too, for the form to put back after signing in.
    if (!params.proposalId || !kept.section) return;
    const key = storageKey(params.proposalId, kept.section);
    if (!read(key)) write(key, { values: kept.values ?? {}, baseUpdatedAt: "" });
  }, [params.proposalId, kept]);
  return (
    <section aria-labelledby="expired-title" className="proposal-page kept-draft">
      <h1 id="expired-title">{t("sessionExpired.title")}</h1>
      <InfoNote code="sessionExpired.lead" />
      <ol className="steps">
        <li>
          <a href={signInAgainHref(pathname)} target="_blank" rel="noopener">
            {t("sessionExpired.signInNewTab")}
          </a>
        </li>
        <li>{t("sessionExpired.thenSave")}</li>
      </ol>
      <Form method="post" reloadDocument>
        {values.map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <button type="submit" name="intent" value={kept.intent ?? SECTION_INTENT.save} className="button">
          {t("sessionExpired.saveAgain")}
        </button>
      </Form>
      <h2>{t("sessionExpired.yourText")}</h2>
      {values.length ? (
        <dl className="kept-values">
          {values.map(([name, value]) => (
            <div key={name}>
              <dt>{labelOf(name, t)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="meta">{t("content.empty")}</p>
      )}
    </section>
  );
}
