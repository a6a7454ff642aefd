import "server-only";
import pino from "pino";

// Structured logs for operators. Never log secrets, passwords or tokens.
export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { app: "lapse" },
  redact: ["password", "*.password", "secret", "*.secret", "token", "*.token"],
});
