import "server-only";
// Sealing of a team's notification endpoints: the chat webhook URL (itself a credential)
// and the signed webhook's key. Each is bound to its team and purpose.
import { openSecret, sealSecret } from "@/lib/crypto/secret-box";

const context = (teamId: string, purpose: "chat" | "webhook") => `team_notification_settings:${teamId}:${purpose}`;

export const sealTeamSecret = (teamId: string, purpose: "chat" | "webhook", value: string) => sealSecret(value, context(teamId, purpose));
export const openTeamSecret = (teamId: string, purpose: "chat" | "webhook", sealed: string) => openSecret(sealed, context(teamId, purpose));
