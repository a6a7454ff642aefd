import "server-only";
// A team's chat channel through its incoming webhook (Slack-compatible JSON blocks).
import { chatPayload, type OutgoingMessage } from "../message";
import { postJson } from "./post-json";

export async function sendChat(webhookUrl: string, message: OutgoingMessage): Promise<void> {
  await postJson(webhookUrl, JSON.stringify(chatPayload(message)));
}
