// How often the worker sweeps: LAPSE_WORKER_INTERVAL_MS (at least 250 ms), else every 5 s.
export function workerIntervalMs(): number {
  const configured = Number(process.env.LAPSE_WORKER_INTERVAL_MS);
  return Number.isFinite(configured) && configured >= 250 ? configured : 5_000;
}
