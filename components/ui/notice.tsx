import type { ReactNode } from "react";
import { cn } from "./cn";

/**
 * A message about the outcome of an action. Named (aria-label) so tests and assistive
 * technology can tell it from Next's route announcer, which is also a live region.
 */
export function Notice({ tone, label, children }: { tone: "success" | "error" | "info"; label: string; children: ReactNode }) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      aria-label={label}
      className={cn(
        "rounded-md px-3 py-2 text-sm ring-1 ring-inset",
        tone === "success" && "bg-emerald-50 text-emerald-900 ring-emerald-200",
        tone === "error" && "bg-red-50 text-red-900 ring-red-200",
        tone === "info" && "bg-sky-50 text-sky-900 ring-sky-200",
      )}
    >
      {children}
    </div>
  );
}
