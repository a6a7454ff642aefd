// One notification rendered for the outside: plain text and HTML for email, Slack-style
// blocks for chat, JSON for the signed webhook. Links are absolute and lead to pages that
// require sign-in; nothing secret is ever in a notification to begin with.
import type { Notification } from "@/db/schema";
import { absoluteLink, escapeHtml } from "./format";

export interface OutgoingMessage {
  deliveryId: string;
  notification: Pick<Notification, "id" | "event" | "title" | "body" | "link" | "actionLabel" | "actionLink" | "resourceId" | "requestId" | "grantId" | "createdAt">;
  baseUrl: string;
}

function actions(message: OutgoingMessage) {
  const { notification: n, baseUrl } = message;
  return [
    { label: "Open in Lapse", url: absoluteLink(baseUrl, n.link) },
    ...(n.actionLabel && n.actionLink ? [{ label: n.actionLabel, url: absoluteLink(baseUrl, n.actionLink) }] : []),
  ];
}

export function emailText(message: OutgoingMessage): string {
  const lines = [message.notification.body, "", ...actions(message).map((a) => `${a.label}: ${a.url}`), "", "You need to sign in to Lapse to open these links.", `Choose which messages you get: ${absoluteLink(message.baseUrl, "/settings/notifications")}`];
  return lines.join("\n");
}

export function emailHtml(message: OutgoingMessage): string {
  const buttons = actions(message)
    .map((a) => `<a href="${escapeHtml(a.url)}" style="display:inline-block;margin:0 8px 8px 0;padding:8px 14px;background:#4338ca;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(a.label)}</a>`)
    .join("");
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#0f172a">
<h1 style="font-size:18px">${escapeHtml(message.notification.title)}</h1>
<p>${escapeHtml(message.notification.body)}</p>
<p>${buttons}</p>
<p style="color:#64748b;font-size:12px">You need to sign in to Lapse to open these links. <a href="${escapeHtml(absoluteLink(message.baseUrl, "/settings/notifications"))}">Choose which messages you get</a>.</p>
</body></html>`;
}

/** Slack's mrkdwn gives &, < and > meaning (links, mentions): names people chose stay plain text. */
const mrkdwn = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Slack-compatible incoming-webhook payload (also read by Mattermost and similar). */
export function chatPayload(message: OutgoingMessage) {
  const { notification: n } = message;
  return {
    text: mrkdwn(`${n.title}: ${n.body}`),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${mrkdwn(n.title)}*\n${mrkdwn(n.body)}` } },
      { type: "actions", elements: actions(message).map((a) => ({ type: "button", text: { type: "plain_text", text: a.label }, url: a.url })) },
    ],
  };
}

export function webhookPayload(message: OutgoingMessage, sentAt: Date) {
  const { notification: n } = message;
  return {
    event: n.event,
    deliveryId: message.deliveryId,
    notificationId: n.id,
    occurredAt: n.createdAt.toISOString(),
    sentAt: sentAt.toISOString(),
    title: n.title,
    body: n.body,
    links: actions(message),
    resourceId: n.resourceId,
    requestId: n.requestId,
    grantId: n.grantId,
  };
}
