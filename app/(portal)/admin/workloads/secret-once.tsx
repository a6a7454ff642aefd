"use client";
// A secret Lapse shows once (a new API key): selectable, with a copy button, and a reminder.
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function SecretOnce({ secret, label }: { secret: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-2 rounded-md bg-amber-50 p-3 ring-1 ring-amber-300">
      <label className="block text-sm font-medium text-amber-900" htmlFor="secret-once">
        {label} (shown once)
      </label>
      <div className="flex gap-2">
        <input id="secret-once" readOnly value={secret} className="block w-full rounded-md bg-white px-3 py-2 font-mono text-xs ring-1 ring-amber-300" onFocus={(e) => e.currentTarget.select()} />
        <Button
          variant="secondary"
          size="sm"
          onClick={() => {
            void navigator.clipboard?.writeText(secret);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="text-xs text-amber-900">Lapse keeps only a hash of it. Store it in your CI secret store; never print it in a job log.</p>
    </div>
  );
}
