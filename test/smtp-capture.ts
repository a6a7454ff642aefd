// A real SMTP server for tests: smtp-server on 127.0.0.1 (port 0), capturing each message
// with its envelope. It can be stopped and started again on the same port to play an outage.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface CapturedMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  messageId: string;
  /** The raw message with quoted-printable soft breaks and =3D undone, for text searches. */
  text: string;
}

export interface SmtpCapture {
  port: number;
  messages: CapturedMail[];
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const header = (raw: string, name: string) => raw.match(new RegExp(`^${name}: (.*(?:\\r\\n[ \\t].*)*)`, "im"))?.[1].replace(/\r\n[ \t]/g, " ") ?? "";

function makeServer(messages: CapturedMail[]) {
  return new SMTPServer({
    authOptional: true,
    // No TLS in the test: nodemailer would try STARTTLS against a self-signed certificate.
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject: header(raw, "Subject"),
          messageId: header(raw, "Message-ID"),
          text: raw.replace(/=\r\n/g, "").replace(/=3D/g, "="),
        });
        callback();
      });
    },
  });
}

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  let server = makeServer(messages);
  const listen = (port: number) => new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.server.address() as AddressInfo).port));
  });
  const port = await listen(0);
  const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    port,
    messages,
    stop,
    async start() {
      server = makeServer(messages);
      await listen(port);
    },
    close: stop,
  };
}
