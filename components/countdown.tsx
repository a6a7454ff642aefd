"use client";
import { useEffect, useState } from "react";
import { formatCountdown } from "@/lib/lifecycle/duration";

/**
 * Time left until `expiresAt`, ticking every second. `skewMs` is the server clock minus
 * the browser clock, so a browser whose clock is off still shows the server's truth.
 */
export function Countdown({ expiresAt, skewMs = 0, onElapsed }: { expiresAt: string; skewMs?: number; onElapsed?: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const remaining = Date.parse(expiresAt) - (now + skewMs);
  const elapsed = remaining <= 0;
  useEffect(() => {
    if (elapsed) onElapsed?.();
  }, [elapsed, onElapsed]);
  return (
    <span role="timer" aria-label="Time left" className="font-mono tabular-nums" suppressHydrationWarning>
      {formatCountdown(remaining)}
    </span>
  );
}
