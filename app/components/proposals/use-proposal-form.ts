import { zodResolver } from "@hookform/resolvers/zod";
import { useFetcher, useSubmit } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { get, useForm, type FieldValues } from "react-hook-form";
import type { z } from "zod";

type ServerErrors = Record<string, string[] | undefined> | undefined;
type Autosave = { state: "idle" | "saving" | "saved" | "invalid" | "failed" | "expired"; at?: string };
type AutosaveAnswer = { saved?: boolean; savedAt?: string; errors?: Record<string, unknown>; sessionExpired?: boolean };

/**
 * react-hook-form over a plain Remix <Form> whose fields are named by path
 * ("lines.0.unitCost"). Without JavaScript the form posts as is; with it the
 * same zod schema checks fields as they are edited, errors are found by path,
 * the clicked button's intent is kept, and (optionally) the section saves
 * itself a moment after the person stops typing.
 */
export function useProposalForm(
  schema: z.ZodType<FieldValues, z.ZodTypeDef, FieldValues>,
  options: {
    serverErrors?: ServerErrors;
    defaultValues?: Record<string, unknown>;
    autosave?: boolean;
    /** Called with what an autosave sent once the server has stored it. */
    onAutosaved?: (sent: FormData) => void;
  } = {},
) {
  const submit = useSubmit();
  const form = useForm<FieldValues>({ resolver: zodResolver(schema), mode: "onTouched", defaultValues: options.defaultValues });
  const formRef = useRef<HTMLFormElement>(null);
  const fetcher = useFetcher<AutosaveAnswer>();
  const sent = useRef<FormData | null>(null);
  const [hydrated, setHydrated] = useState(false);
  const [autosave, setAutosave] = useState<Autosave>({ state: "idle" });

  useEffect(() => setHydrated(true), []);

  const saveNow = () => {
    if (!formRef.current) return;
    const data = new FormData(formRef.current);
    data.set("intent", "autosave");
    sent.current = data;
    setAutosave({ state: "saving" });
    fetcher.submit(data, { method: "post" });
  };

  useEffect(() => {
    if (!options.autosave) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const subscription = form.watch(() => {
      clearTimeout(timer);
      timer = setTimeout(saveNow, 1500);
    });
    return () => {
      clearTimeout(timer);
      subscription.unsubscribe();
    };
    // The fetcher's submit is stable for the life of the form.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [options.autosave, form]);

  // The answer is read once the fetcher has been busy with the request and is idle again.
  const busy = useRef(false);
  useEffect(() => {
    if (fetcher.state !== "idle") busy.current = true;
    if (fetcher.state !== "idle" || autosave.state !== "saving" || !busy.current) return;
    busy.current = false;
    const result = fetcher.data;
    if (result?.saved) {
      setAutosave({ state: "saved", at: result.savedAt });
      if (sent.current) options.onAutosaved?.(sent.current);
    } else setAutosave({ state: result?.sessionExpired ? "expired" : result?.errors ? "invalid" : "failed" });
    // onAutosaved is read when the answer arrives; it need not restart this effect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data, autosave.state]);

  const errorFor = (name: string): string | undefined => {
    const entry: unknown = get(form.formState.errors, name);
    if (entry && typeof entry === "object" && "message" in entry && typeof entry.message === "string") return entry.message;
    return options.serverErrors?.[name]?.[0];
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const target = event.currentTarget;
    const native = event.nativeEvent;
    // The clicked button carries the intent (Save, Next); browsers without SubmitEvent send the form as is.
    const submitter =
      "submitter" in native && (native.submitter instanceof HTMLButtonElement || native.submitter instanceof HTMLInputElement)
        ? native.submitter
        : null;
    void form.handleSubmit(() => submit(submitter ?? target))(event);
  };

  return { register: form.register, watch: form.watch, errorFor, onSubmit, formRef, hydrated, autosave, saveNow };
}
