"use client";
// Giving access back before its time: a two-step button, since it cannot be undone.
import { useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { relinquishGrantAction } from "./actions";
import { MY_REQUESTS_KEY } from "./query-keys";

export function RelinquishButton({ grantId, resourceName }: { grantId: string; resourceName: string }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  const giveBack = () =>
    startTransition(async () => {
      const result = await relinquishGrantAction(grantId);
      setError(result.status === "ok" ? null : result.message);
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: MY_REQUESTS_KEY });
    });

  return (
    <div className="flex flex-col items-end gap-1">
      {confirming ? (
        <div className="flex items-center gap-2" role="group" aria-label={`Give back access to ${resourceName}?`}>
          <span className="text-xs text-slate-600">End it now?</span>
          <Button variant="danger" size="sm" onClick={giveBack} disabled={pending}>
            {pending ? "Ending…" : "Yes, give it back"}
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setConfirming(false)} disabled={pending}>
            Keep it
          </Button>
        </div>
      ) : (
        <Button variant="secondary" size="sm" aria-label={`Give back access to ${resourceName}`} onClick={() => setConfirming(true)}>
          Give back
        </Button>
      )}
      <span aria-live="polite" className="text-xs text-red-700">
        {error}
      </span>
    </div>
  );
}
