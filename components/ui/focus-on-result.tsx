"use client";
// Brings an action's outcome into view and gives it focus when a new one arrives. On a long
// form (the policy editor is several screens tall) the message sits above the fold while the
// button pressed is below it: without this, nothing visible happens on save.
import { useEffect, useRef, type ReactNode } from "react";

export function FocusOnResult({ result, children }: { result: object | null; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!result || !ref.current) return;
    ref.current.focus({ preventScroll: true });
    ref.current.scrollIntoView({ block: "center", behavior: "auto" });
  }, [result]);
  return (
    <div ref={ref} tabIndex={-1} className="outline-none">
      {children}
    </div>
  );
}
