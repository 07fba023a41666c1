import { zodResolver } from "@hookform/resolvers/zod";
import { useFetcher, useSubmit } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { get, useForm, type FieldValues } from "react-hook-form";
import type { z } from "zod";

type ServerErrors = Record<string, string[] | undefined> | undefined;
type Autosave = { state: "idle" | "saving" | "saved" | "invalid" | "failed"; at?: string };

/**
 * react-hook-form over a plain Remix <Form> whose fields are named by path
 * ("lines.0.unitCost"). Without JavaScript the form posts as is; with it the
 * same zod schema checks fields as they are edited, errors are found by path,
 * the clicked button's intent is kept, and (optionally) the section saves
 * itself a moment after the person stops typing.
 */
export function useProposalForm<S extends z.ZodTypeAny>(
  schema: S,
  options: { serverErrors?: ServerErrors; defaultValues?: Record<string, unknown>; autosave?: boolean } = {},
) {
  const submit = useSubmit();
  const form = useForm<FieldValues>({ resolver: zodResolver(schema as never), mode: "onTouched", defaultValues: options.defaultValues });
  const formRef = useRef<HTMLFormElement>(null);
  const fetcher = useFetcher<{ saved?: boolean; savedAt?: string; errors?: Record<string, unknown> }>();
  const [hydrated, setHydrated] = useState(false);
  const [autosave, setAutosave] = useState<Autosave>({ state: "idle" });

  useEffect(() => setHydrated(true), []);

  useEffect(() => {
    if (!options.autosave) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const subscription = form.watch(() => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (!formRef.current) return;
        const data = new FormData(formRef.current);
        data.set("intent", "autosave");
        setAutosave({ state: "saving" });
        fetcher.submit(data, { method: "post" });
      }, 1500);
    });
    return () => {
      clearTimeout(timer);
      subscription.unsubscribe();
    };
    // The fetcher's submit is stable for the life of the form.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [options.autosave, form]);

  useEffect(() => {
    if (fetcher.state !== "idle" || autosave.state !== "saving") return;
    const result = fetcher.data;
    if (result?.saved) setAutosave({ state: "saved", at: result.savedAt });
    else setAutosave({ state: result?.errors ? "invalid" : "failed" });
  }, [fetcher.state, fetcher.data, autosave.state]);

  const errorFor = (name: string): string | undefined => {
    const clientError = (get(form.formState.errors, name) as { message?: unknown } | undefined)?.message;
    if (typeof clientError === "string") return clientError;
    return options.serverErrors?.[name]?.[0];
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const target = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    void form.handleSubmit(() => submit(submitter ?? target))(event);
  };

  return { register: form.register, watch: form.watch, errorFor, onSubmit, formRef, hydrated, autosave };
}
