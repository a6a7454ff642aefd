"use client";
// Single sign-on: next-auth takes the person to the provider and back (PKCE and state checked).
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function SsoButton({ providerId, name, next }: { providerId: string; name: string; next: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      type="button"
      variant="secondary"
      className="w-full"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signIn(providerId, { callbackUrl: next });
      }}
    >
      Sign in with {name}
    </Button>
  );
}
