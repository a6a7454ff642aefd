"use client";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/action-state-types";

export function UnfreezeButton({ run }: { run: () => Promise<ActionState> }) {
  const [busy, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        variant="secondary"
        disabled={busy}
        onClick={() =>
          startTransition(async () => {
            const result = await run();
            setError(result.status === "ok" ? null : result.message);
          })
        }
      >
        {busy ? "Unfreezing…" : "Unfreeze"}
      </Button>
      <span aria-live="polite" className="text-xs text-red-700">
        {error}
      </span>
    </div>
  );
}
