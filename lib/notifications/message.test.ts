import { describe, expect, it } from "vitest";
import { chatPayload, emailHtml, emailText, type OutgoingMessage } from "./message";

const message = (title: string, body: string): OutgoingMessage => ({
  deliveryId: "d1",
  baseUrl: "https://lapse.example.test",
  notification: {
    id: "n1",
    event: "grant.expiring",
    title,
    body,
    link: "/requests#grant-g1",
    actionLabel: "Ask for more time",
    actionLink: "/requests?extend=g1#grant-g1",
    resourceId: null,
    requestId: null,
    grantId: "g1",
    createdAt: new Date("2026-06-01T09:00:00Z"),
  },
});

describe("rendering a notification", () => {
  it("links to the exact pages, absolute, with the action and the sign-in note", () => {
    const text = emailText(message("Access ends in 9 min", "Your access ends soon."));
    expect(text).toContain("Open in Lapse: https://lapse.example.test/requests#grant-g1");
    expect(text).toContain("Ask for more time: https://lapse.example.test/requests?extend=g1#grant-g1");
    expect(text).toContain("You need to sign in");
  });

  it("escapes names in HTML and in chat markup", () => {
    const evil = message("<script>x</script> on <https://evil.example|Prod>", "a & b");
    expect(emailHtml(evil)).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(emailHtml(evil)).not.toContain("<script>");
    const chat = chatPayload(evil);
    expect(chat.blocks[0].text?.text).toBe("*&lt;script&gt;x&lt;/script&gt; on &lt;https://evil.example|Prod&gt;*\na &amp; b");
  });
});
