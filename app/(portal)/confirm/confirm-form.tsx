"use client";
// "Confirm it's you": the password again (or, after single sign-on, the provider again, asked
// to make the person sign in afresh), then back to the page they came from.
import { signIn } from "next-auth/react";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { controlClass, Field, fieldAria } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { IDLE } from "@/lib/action-state-types";
import { confirmIdentityAction } from "./actions";

export function ConfirmPasswordForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState(confirmIdentityAction.bind(null, next), IDLE);
  return (
    <form action={action} className="max-w-md space-y-4" noValidate>
      {state.status !== "idle" && state.status !== "ok" && state.status !== "invalid" && (
        <Notice tone="error" label="Confirmation error">
          {state.message}
        </Notice>
      )}
      <Field id="password" label="Password" errors={state.fieldErrors.password}>
        <input
          {...fieldAria("password", { errors: state.fieldErrors.password })}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          autoFocus
          className={controlClass}
        />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Checking…" : "Confirm"}
      </Button>
    </form>
  );
}

export function ConfirmWithProvider({ next, name, providerId }: { next: string; name: string; providerId: string }) {
  return (
    // prompt=login and max_age=0 ask the provider for a fresh sign-in, not its own remembered one.
    <Button type="button" onClick={() => signIn(providerId, { callbackUrl: next }, { prompt: "login", max_age: "0" })}>
      Sign in again with {name}
    </Button>
  );
}
