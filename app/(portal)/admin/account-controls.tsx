"use client";
// Disable (offboard) or enable an account. Disabling asks for confirmation and says exactly
// what it ends; the server then reports what it did end (which may differ if things moved).
import { useEffect, useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { ActionState } from "@/lib/action-state-types";
import { disableUserAction, enableUserAction } from "./actions";
import { plural } from "./labels";

export function AccountControls({
  userId,
  email,
  disabled,
  isSelf,
  liveGrantCount,
  pendingRequestCount,
}: {
  userId: string;
  email: string;
  disabled: boolean;
  isSelf: boolean;
  liveGrantCount: number;
  pendingRequestCount: number;
}) {
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<ActionState | null>(null);
  const [pending, startTransition] = useTransition();
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const controls = useRef<HTMLDivElement>(null);
  const backOut = useRef(false);

  // Focus follows the step: onto the confirmation, so a keyboard or screen-reader user hears
  // what disabling does; back onto the opening button when they keep the account enabled.
  useEffect(() => {
    if (confirming) confirmHeading.current?.focus();
    else if (backOut.current) controls.current?.querySelector<HTMLButtonElement>("button")?.focus();
    backOut.current = false;
  }, [confirming]);

  const run = (action: (id: string) => Promise<ActionState>) =>
    startTransition(async () => {
      const state = await action(userId);
      setResult(state);
      setConfirming(false);
    });

  const consequence = `Disabling ${email} revokes ${plural(liveGrantCount, "live grant", "live grants")} and ends ${plural(pendingRequestCount, "pending request", "pending requests")} at once. They can no longer sign in, request or approve.`;

  return (
    <div ref={controls} className="space-y-4">
      {result && (
        <Notice tone={result.status === "ok" ? "success" : "error"} label="Account result">
          {result.message}
        </Notice>
      )}
      {disabled ? (
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-700">
            This account is disabled: it cannot sign in, request or approve. Enabling it again does not bring back grants or requests that
            disabling ended.
          </p>
          <Button variant="secondary" disabled={pending} onClick={() => run(enableUserAction)}>
            {pending ? "Enabling…" : "Enable account"}
          </Button>
        </div>
      ) : isSelf ? (
        <p className="text-sm text-slate-700">This is your own account. You cannot disable it yourself; another admin can.</p>
      ) : confirming ? (
        <div role="group" aria-labelledby="confirm-disable-heading" className="space-y-3 rounded-md bg-red-50 p-4 ring-1 ring-inset ring-red-200">
          <h3 id="confirm-disable-heading" ref={confirmHeading} tabIndex={-1} className="text-sm font-semibold text-red-900 focus:outline-none">
            Disable this account?
          </h3>
          <p className="text-sm text-red-900">{consequence}</p>
          <p className="text-sm text-red-900">Enabling it later does not bring any of that back.</p>
          <div className="flex flex-wrap gap-3">
            <Button
              variant="secondary"
              disabled={pending}
              onClick={() => {
                backOut.current = true;
                setConfirming(false);
              }}
            >
              Keep enabled
            </Button>
            <button
              type="button"
              disabled={pending}
              onClick={() => run(disableUserAction)}
              className="inline-flex items-center justify-center rounded-md bg-red-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-red-700 disabled:cursor-not-allowed disabled:bg-red-300"
            >
              {pending ? "Disabling…" : "Disable and end access"}
            </button>
          </div>
        </div>
      ) : (
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-700">{consequence}</p>
          <Button
            variant="danger"
            onClick={() => {
              setResult(null);
              setConfirming(true);
            }}
          >
            Disable account…
          </Button>
        </div>
      )}
    </div>
  );
}
