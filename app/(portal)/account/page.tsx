import type { Metadata } from "next";
import { LocalTime } from "@/components/local-time";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { requirePageAccess } from "@/lib/auth/require-page";
import { sessionLimits } from "@/lib/auth/session-limits";
import { listMyOpenSessions } from "@/lib/auth/sessions";
import { appDeps } from "@/lib/runtime/app-deps";
import { signOutEverywhereAction } from "./actions";

export const metadata: Metadata = { title: "Your account" };

const inWords = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${Math.round(ms / 60_000)} min`);

export default async function AccountPage() {
  const actor = await requirePageAccess("session.manage-own");
  const open = await listMyOpenSessions(actor, await appDeps());
  const limits = sessionLimits();
  return (
    <>
      <PageHeader title="Your account" description={`${actor.name} · ${actor.email} · ${actor.roles.join(", ") || "no roles"}`} />
      <Card
        title="Where you are signed in"
        description={`A sign-in ends after ${inWords(limits.idleMs)} without activity and ${inWords(limits.absoluteMs)} after it began, whichever comes first. Times in your zone.`}
        actions={
          <form action={signOutEverywhereAction}>
            <Button type="submit" variant="secondary">
              Sign out everywhere
            </Button>
          </form>
        }
      >
        <Table caption="Open sessions">
          <thead>
            <tr>
              <Th>Signed in</Th>
              <Th>Last active</Th>
              <Th>Session</Th>
            </tr>
          </thead>
          <tbody>
            {open.map((session) => (
              <tr key={session.id}>
                <Td>
                  <LocalTime iso={session.createdAt} />
                </Td>
                <Td>
                  <LocalTime iso={session.lastSeenAt} />
                </Td>
                <Td>
                  <code className="text-xs">{session.id.slice(0, 8)}</code>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </>
  );
}
