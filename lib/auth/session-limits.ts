// How long a sign-in lasts: it ends after a spell without activity (idle) and, active or not,
// a fixed time after signing in (absolute). Both configurable; the defaults suit a tool that
// hands out privileged access.
const minutes = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

export function sessionLimits(env: Record<string, string | undefined> = process.env): { idleMs: number; absoluteMs: number } {
  return {
    idleMs: minutes(env.LAPSE_SESSION_IDLE_MINUTES, 30) * 60_000,
    absoluteMs: minutes(env.LAPSE_SESSION_MAX_HOURS, 12) * 3_600_000,
  };
}

/**
 * Deciding access (approve, deny, extensions, break-glass, confirming a loosened policy) needs
 * a sign-in or step-up this recent (LAPSE_STEP_UP_MINUTES, default 10).
 */
export function stepUpWindowMs(env: Record<string, string | undefined> = process.env): number {
  return minutes(env.LAPSE_STEP_UP_MINUTES, 10) * 60_000;
}

/** Activity is recorded at most this often, so browsing does not write on every page. */
export const TOUCH_INTERVAL_MS = 60_000;
