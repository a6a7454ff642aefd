import type { Metadata } from "next";
import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { checkIntegrity } from "@/lib/audit/check-integrity";
import { requirePageAccess } from "@/lib/auth/require-page";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "Integrity" };

export default async function IntegrityPage({ searchParams }: { searchParams: Promise<{ run?: string }> }) {
  const actor = await requirePageAccess("audit.read");
  const run = (await searchParams).run === "1";
  const verdict = run ? await checkIntegrity(actor, await appDeps()) : null;
  return (
    <>
      <PageHeader
        title="Audit log integrity"
        description={
          <>
            Every event is hash-chained to the one before it, and the database refuses to change or delete events. The check below recomputes every
            hash from the first event on. <Link href="/audit" className="text-indigo-700 underline">Audit log</Link>
          </>
        }
      />
      <Card
        title="Chain verification"
        actions={
          <form method="get">
            <input type="hidden" name="run" value="1" />
            <Button type="submit">{verdict ? "Check again" : "Verify the whole chain"}</Button>
          </form>
        }
      >
        {!verdict ? (
          <p className="text-sm text-slate-600">Not run yet. It reads every event; on a large log it takes a while.</p>
        ) : verdict.ok ? (
          <Notice tone="success" label="Integrity result">
            Intact: {verdict.count} events, each linked to the one before. Head hash <code className="break-all font-mono text-xs">{verdict.headHash}</code>. Checked{" "}
            <LocalTime iso={verdict.checkedAt} seconds /> in {verdict.tookMs} ms.
          </Notice>
        ) : (
          <Notice tone="error" label="Integrity result">
            Broken at event #{verdict.brokenSeq}: {verdict.reason}. The {verdict.count} events before it verify. Checked <LocalTime iso={verdict.checkedAt} seconds />.
          </Notice>
        )}
      </Card>
    </>
  );
}
