"use client";
// Events × channels, as a table of checkboxes. Cells the page does not show (events of
// other roles, email while no mail server is configured) travel as hidden fields, so a
// save keeps them as they were.
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { Table, Td, Th } from "@/components/ui/table";
import { IDLE } from "@/lib/action-state-types";
import type { NotificationEvent, UserChannel } from "@/db/enums";
import { savePreferencesAction } from "../actions";

export interface PreferenceRow {
  event: NotificationEvent;
  label: string;
  hint: string;
  shown: boolean;
  values: Record<UserChannel, boolean>;
}

const CHANNELS: { channel: UserChannel; label: string }[] = [
  { channel: "portal", label: "In Lapse" },
  { channel: "email", label: "Email" },
];

export function PreferencesForm({ rows, emailEnabled }: { rows: PreferenceRow[]; emailEnabled: boolean }) {
  const [state, formAction, pending] = useActionState(savePreferencesAction, IDLE);
  const editable = (channel: UserChannel) => channel === "portal" || emailEnabled;
  return (
    <form action={formAction} className="space-y-4">
      <div aria-live="polite">
        {state.status !== "idle" && (
          <Notice tone={state.status === "ok" ? "success" : "error"} label="Notification settings result">
            {state.message} {state.fieldErrors.enabled?.join(" ")}
          </Notice>
        )}
      </div>
      {rows
        .filter((row) => !row.shown)
        .flatMap((row) => CHANNELS.filter(({ channel }) => row.values[channel]).map(({ channel }) => <input key={`${row.event}:${channel}`} type="hidden" name="enabled" value={`${row.event}:${channel}`} />))}
      <Table caption="Which notifications reach you, and how">
        <thead>
          <tr>
            <Th>Event</Th>
            {CHANNELS.map(({ channel, label }) => (
              <Th key={channel} className="w-28 text-center">
                {label}
              </Th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows
            .filter((row) => row.shown)
            .map((row) => (
              <tr key={row.event}>
                <Td>
                  <span className="font-medium text-slate-900">{row.label}</span>
                  {row.hint && <span className="block text-xs text-slate-500">{row.hint}</span>}
                </Td>
                {CHANNELS.map(({ channel, label }) => {
                  const value = `${row.event}:${channel}`;
                  return (
                    <Td key={channel} className="text-center">
                      {!editable(channel) && row.values[channel] && <input type="hidden" name="enabled" value={value} />}
                      <input
                        type="checkbox"
                        name={editable(channel) ? "enabled" : undefined}
                        value={value}
                        defaultChecked={editable(channel) ? row.values[channel] : false}
                        disabled={!editable(channel)}
                        aria-label={`${row.label}: ${label}`}
                        className="h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-2 focus:ring-indigo-600 disabled:opacity-40"
                      />
                    </Td>
                  );
                })}
              </tr>
            ))}
        </tbody>
      </Table>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save notification settings"}
      </Button>
    </form>
  );
}
