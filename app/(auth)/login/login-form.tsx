"use client";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { controlClass, Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";

export function LoginForm({ next, initialError = null }: { next: string; initialError?: string | null }) {
  // initialError: why a single sign-on came back refused (the login page's ?error=).
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    if (!email || !password) {
      setError("Enter your email and your password.");
      return;
    }
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email,
      password,
      redirect: false,
    });
    if (result?.ok && !result.error) {
      window.location.assign(next);
      return;
    }
    setPending(false);
    // One message for every failure: it must not reveal whether the account exists. The
    // attempt limit counts the email as typed, existing or not, so saying so reveals nothing.
    setError(
      result?.error === "TooManyAttempts"
        ? "Too many failed attempts. Wait 15 minutes, then try again."
        : "That email and password don't match an active account.",
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error && (
        <Notice tone="error" label="Sign-in error">
          {error}
        </Notice>
      )}
      <Field id="email" label="Email">
        <input id="email" name="email" type="email" autoComplete="username" required className={controlClass} />
      </Field>
      <Field id="password" label="Password">
        <input id="password" name="password" type="password" autoComplete="current-password" required className={controlClass} />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
