// Durations are whole minutes inside Lapse and ISO 8601 (PT2H) at the API.
export const MINUTE_MS = 60_000;

export function addMinutes(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * MINUTE_MS);
}

export function addMs(at: Date, ms: number): Date {
  return new Date(at.getTime() + ms);
}

/** "PT1H30M" for 90. Days are not used: a day is not always 24 hours of wall time. */
export function minutesToIsoDuration(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 0) throw new RangeError("minutes must be a non-negative integer");
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (minutes === 0) return "PT0M";
  return `PT${hours ? `${hours}H` : ""}${rest ? `${rest}M` : ""}`;
}

/** Whole minutes from an ISO 8601 time duration (PT15M, PT2H, PT1H30M, PT90S); null when it is not one. */
export function isoDurationToMinutes(text: string): number | null {
  const match = /^PT(?:(\d{1,5})H)?(?:(\d{1,6})M)?(?:(\d{1,7})S)?$/.exec(text.trim().toUpperCase());
  if (!match || (!match[1] && !match[2] && !match[3])) return null;
  const seconds = Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
  return seconds % 60 === 0 ? seconds / 60 : null;
}

/** "1 h 30 min", "45 min", "2 h" for people. */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return `${rest} min`;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** A countdown such as "1:05:09" or "4:59"; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mm = hours ? String(minutes).padStart(2, "0") : String(minutes);
  return `${hours ? `${hours}:` : ""}${mm}:${String(seconds).padStart(2, "0")}`;
}

/** A revocation lag for people: "30 ms", "1.4 s", "12 s", "3 min 5 s", "2 h 1 min". Most are under a second: those in ms, never "0.0 s". */
export function formatLag(ms: number): string {
  if (ms < 0) return "before due";
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  return formatMinutes(minutes);
}
