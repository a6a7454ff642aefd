// A clock tests move by hand instead of sleeping.
export interface ManualClock {
  (): Date;
  advance(ms: number): void;
  set(at: Date): void;
}

export function manualClock(start = new Date("2026-06-01T09:00:00.000Z")): ManualClock {
  let current = start.getTime();
  const clock = (() => new Date(current)) as ManualClock;
  clock.advance = (ms) => {
    current += ms;
  };
  clock.set = (at) => {
    current = at.getTime();
  };
  return clock;
}
