import "server-only";
// Email over SMTP with nodemailer. One mailer (a small connection pool) serves a whole
// sweep. The Message-ID is the delivery's id, so a message sent again after a crash between
// sending and recording is recognisably the same one.
import nodemailer from "nodemailer";
import { emailHtml, emailText, type OutgoingMessage } from "../message";
import type { SmtpSettings } from "../settings";

export interface Mailer {
  send(to: string, message: OutgoingMessage): Promise<void>;
  close(): void;
}

export function createMailer(settings: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: 2,
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTls,
    auth: settings.user ? { user: settings.user, pass: settings.password ?? "" } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(to, message) {
      await transport.sendMail({
        from: settings.from,
        to,
        subject: message.notification.title,
        text: emailText(message),
        html: emailHtml(message),
        messageId: `<${message.deliveryId}@lapse.notifications>`,
        headers: { "X-Lapse-Event": message.notification.event, "X-Lapse-Notification": message.notification.id },
      });
    },
    close: () => transport.close(),
  };
}
