import { zodResolver } from "@hookform/resolvers/zod";
import { useSubmit } from "@remix-run/react";
import type { FormEvent } from "react";
import { useForm, type DefaultValues, type FieldValues } from "react-hook-form";
import type { z } from "zod";

type ServerErrors = Record<string, string[] | undefined> | undefined;

/**
 * react-hook-form on top of a plain Remix <Form>: without JavaScript the form
 * posts as is and the server's errors show; with it, the same zod schema
 * checks each field as the person leaves it and blocks a round trip that
 * would fail.
 */
export function useValidatedForm<S extends z.ZodType<FieldValues, z.ZodTypeDef, FieldValues>>(
  schema: S,
  options: { serverErrors?: ServerErrors; defaultValues?: DefaultValues<z.input<S> & FieldValues> } = {},
) {
  const submit = useSubmit();
  const form = useForm<z.input<S> & FieldValues, unknown, z.output<S>>({
    resolver: zodResolver(schema),
    // Checks as the person types, not when a field loses focus: an error appearing
    // on blur moved the submit button away between mouse-down and mouse-up.
    mode: "onChange",
    defaultValues: options.defaultValues,
  });
  const errorFor = (name: string): string | undefined => {
    const clientError = form.formState.errors[name]?.message;
    if (typeof clientError === "string") return clientError;
    return options.serverErrors?.[name]?.[0];
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const target = event.currentTarget;
    void form.handleSubmit(() => submit(target))(event);
  };
  return { register: form.register, errorFor, onSubmit, form };
}
