// Runs once when the server starts. The Node-only work lives in its own module so the
// edge build of this file never sees Node APIs.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { onServerStart } = await import("./lib/runtime/on-server-start");
  await onServerStart();
}
