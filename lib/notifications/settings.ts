import "server-only";
// Notification settings from the environment. Email is a channel only when an SMTP server
// is configured (LAPSE_SMTP_HOST); without it, nothing tries to reach a mail server and the
// in-portal list (plus any team webhooks) still works.
export interface SmtpSettings {
  host: string;
  port: number;
  /** Implicit TLS (port 465); otherwise STARTTLS is used when the server offers it. */
  secure: boolean;
  /** Refuse to send (or log in) without STARTTLS: a stripped STARTTLS offer must not send the password in clear. */
  requireTls: boolean;
  user?: string;
  password?: string;
  from: string;
}

export function smtpSettings(): SmtpSettings | null {
  const host = process.env.LAPSE_SMTP_HOST;
  if (!host) return null;
  const secure = process.env.LAPSE_SMTP_SECURE === "1";
  return {
    host,
    port: Number(process.env.LAPSE_SMTP_PORT) || (secure ? 465 : 587),
    secure,
    requireTls: process.env.LAPSE_SMTP_REQUIRE_TLS === "1",
    user: process.env.LAPSE_SMTP_USER || undefined,
    password: process.env.LAPSE_SMTP_PASSWORD || undefined,
    from: process.env.LAPSE_SMTP_FROM || "Lapse <lapse@localhost>",
  };
}

export const emailEnabled = () => smtpSettings() !== null;

/** The address people reach Lapse at; notification links start with it. */
export function portalBaseUrl(): string {
  return (process.env.NEXTAUTH_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, "");
}

/** How long a worker holds a claimed delivery while it sends. */
export function notificationLeaseMs(): number {
  return Math.max(1_000, Number(process.env.LAPSE_NOTIFY_LEASE_MS) || 60_000);
}

/** Attempts before a delivery is given up as failed (its attempts stay recorded). */
export const MAX_DELIVERY_ATTEMPTS = 8;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

/** Exponential backoff: 30 s, 1 min, 2 min, … capped at an hour. */
export function deliveryRetryDelayMs(attempt: number): number {
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, Math.min(attempt - 1, 20)));
}
