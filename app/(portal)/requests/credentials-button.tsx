"use client";
// Connection details a connector made for a live grant (a database login, a token). Lapse
// keeps them sealed until the holder asks, shows them once, then forgets them.
import { useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { revealCredentialsAction, type RevealState } from "./credentials-actions";
import { MY_REQUESTS_KEY } from "./query-keys";

const LABELS: Record<string, string> = { host: "Host", port: "Port", database: "Database", user: "User", password: "Password", token: "Token", validUntil: "Valid until" };

/** Stays mounted while the grant is live, so revealed details survive the list refreshing. */
export function CredentialsButton({ grantId, resourceName, waiting }: { grantId: string; resourceName: string; waiting: boolean }) {
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState<RevealState | null>(null);

  const reveal = () =>
    startTransition(async () => {
      const result = await revealCredentialsAction(grantId);
      setState(result);
      // The list no longer offers them; the details stay on screen until the page is left.
      await queryClient.invalidateQueries({ queryKey: MY_REQUESTS_KEY });
    });

  if (state?.credentials) {
    return (
      <div className="w-full rounded border border-amber-300 bg-amber-50 p-3 text-sm" role="region" aria-label={`Connection details for ${resourceName}`}>
        <p className="mb-2 font-medium text-amber-900">{state.message}</p>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
          {Object.entries(state.credentials).map(([key, value]) => (
            <div key={key} className="contents">
              <dt className="text-slate-600">{LABELS[key] ?? key}</dt>
              <dd className="font-mono break-all" data-testid={`credential-${key}`}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
      </div>
    );
  }
  if (!waiting && !state) return null;
  return (
    <div className="flex flex-col items-end gap-1">
      <Button variant="secondary" size="sm" aria-label={`Show connection details for ${resourceName} (once)`} onClick={reveal} disabled={pending}>
        {pending ? "Opening…" : "Show connection details (once)"}
      </Button>
      <span aria-live="polite" className="text-xs text-red-700">
        {state && state.status !== "ok" ? state.message : null}
      </span>
    </div>
  );
}
