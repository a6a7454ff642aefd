"use client";
// A team's chat and signed webhooks. Secrets are write-only: the form says whether one is
// set, never what it is; a signing key Lapse generates is shown once, here, after saving.
import { startTransition, useActionState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { controlClass, Field, fieldAria } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { IDLE } from "@/lib/action-state-types";
import { saveTeamChannelsAction, type TeamChannelsState } from "../../actions";

export function TeamChannelsForm({ teamId, hasChatWebhook, webhookUrl, hasWebhookKey }: { teamId: string; hasChatWebhook: boolean; webhookUrl: string | null; hasWebhookKey: boolean }) {
  const [state, formAction, pending] = useActionState<TeamChannelsState, FormData>(saveTeamChannelsAction, IDLE);
  const errors = state.fieldErrors;
  // Sent from onSubmit (as in the request form), so what was typed stays when the server refuses it.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  }
  return (
    <form onSubmit={onSubmit} className="max-w-2xl space-y-4">
      <input type="hidden" name="teamId" value={teamId} />
      <div aria-live="polite">
        {state.status !== "idle" && (
          <Notice tone={state.status === "ok" ? "success" : "error"} label="Team channels result">
            {state.message}
            {state.generatedKey && (
              <span className="mt-1 block">
                Signing key, shown only now (give it to the receiver; it checks the Lapse-Signature header with it):{" "}
                <code className="break-all font-mono">{state.generatedKey}</code>
              </span>
            )}
          </Notice>
        )}
      </div>
      <Field id="chatWebhookUrl" label="Chat incoming webhook URL" hint={hasChatWebhook ? "A chat webhook is set. Leave blank to keep it, or paste a new URL to replace it." : "Slack-compatible incoming webhook (https). Not set yet."} errors={errors.chatWebhookUrl}>
        <input name="chatWebhookUrl" type="password" autoComplete="off" placeholder={hasChatWebhook ? "•••••• (set)" : "https://hooks.example.com/…"} className={controlClass} {...fieldAria("chatWebhookUrl", { hint: true, errors: errors.chatWebhookUrl })} />
      </Field>
      {hasChatWebhook && (
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" name="clearChat" className="h-4 w-4 rounded border-slate-300" /> Remove the chat webhook
        </label>
      )}
      <Field id="webhookUrl" label="Signed webhook URL" hint="Receives JSON signed with HMAC-SHA256 (Lapse-Signature header). Leave blank to turn it off." errors={errors.webhookUrl}>
        <input name="webhookUrl" type="url" defaultValue={webhookUrl ?? ""} placeholder="https://receiver.example.com/lapse" className={controlClass} {...fieldAria("webhookUrl", { hint: true, errors: errors.webhookUrl })} />
      </Field>
      <Field id="webhookKey" label="Signing key" hint={hasWebhookKey ? "A key is set. Leave blank to keep it, or enter a new one (32+ characters)." : "Leave blank to have Lapse generate one (shown once), or enter your own (32+ characters)."} errors={errors.webhookKey}>
        <input name="webhookKey" type="password" autoComplete="off" className={controlClass} {...fieldAria("webhookKey", { hint: true, errors: errors.webhookKey })} />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save team channels"}
      </Button>
    </form>
  );
}
