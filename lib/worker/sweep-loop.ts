// A task run again and again, one run at a time: the next run is scheduled when the last has
// finished (never on top of it), after the delay the run returns. stop() lets the current run
// finish, so whatever it holds is either done or released by its lease.
export interface SweepLoop {
  stop(): Promise<void>;
}

export function startSweepLoop(options: {
  /** One run; resolves to the delay in milliseconds before the next. */
  run: () => Promise<number>;
  /** The delay after a run that threw. */
  retryDelayMs: number;
  onError: (error: unknown) => void;
  /** Let the process exit while only this loop is waiting (the in-server worker). */
  unref?: boolean;
}): SweepLoop {
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const schedule = (delay: number) => {
    if (stopping) return;
    timer = setTimeout(tick, delay);
    if (options.unref) timer.unref();
  };
  const tick = () => {
    current = options.run().then(
      (delay) => schedule(delay),
      (error: unknown) => {
        options.onError(error);
        schedule(options.retryDelayMs);
      },
    );
  };
  schedule(0);
  return {
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await current;
    },
  };
}
