"use client";
// Times are stored in UTC; people read them in their own zone, with the zone shown.
import { useEffect, useState } from "react";

const utcFallback = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

export function formatLocal(iso: string, seconds = false): string {
  return new Intl.DateTimeFormat(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: seconds ? "2-digit" : undefined,
    timeZoneName: "short",
  }).format(new Date(iso));
}

export function LocalTime({ iso, seconds = false }: { iso: string; seconds?: boolean }) {
  // The server does not know the viewer's zone: it renders UTC, the browser then switches to local time.
  const [text, setText] = useState<string | null>(null);
  useEffect(() => setText(formatLocal(iso, seconds)), [iso, seconds]);
  return (
    <time dateTime={iso} title={iso} className="whitespace-nowrap">
      {text ?? utcFallback(iso)}
    </time>
  );
}
