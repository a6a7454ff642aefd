import type { Metadata } from "next";
import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { checkIntegrity } from "@/lib/audit/check-integrity";
import { configuredCheckpointKey } from "@/lib/audit/checkpoint-key";
import { listCheckpoints } from "@/lib/audit/checkpoints";
import { Badge } from "@/components/ui/badge";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { requirePageAccess } from "@/lib/auth/require-page";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "Integrity" };

export default async function IntegrityPage({ searchParams }: { searchParams: Promise<{ run?: string }> }) {
  const actor = await requirePageAccess("audit.read");
  const run = (await searchParams).run === "1";
  const deps = await appDeps();
  const serverKey = configuredCheckpointKey();
  const [verdict, checkpoints] = await Promise.all([run ? checkIntegrity(actor, deps, serverKey) : null, listCheckpoints(actor, deps, 24, serverKey)]);
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
            Intact: {verdict.count} events, each linked to the one before
            {verdict.checkpointsChecked > 0 ? `, and agreeing with ${verdict.checkpointsChecked} signed ${verdict.checkpointsChecked === 1 ? "checkpoint" : "checkpoints"}` : " (no signed checkpoint to compare with yet)"}. Head hash{" "}
            <code className="break-all font-mono text-xs">{verdict.headHash}</code>. Checked{" "}
            <LocalTime iso={verdict.checkedAt} seconds /> in {verdict.tookMs} ms.
          </Notice>
        ) : (
          <Notice tone="error" label="Integrity result">
            Broken at event #{verdict.brokenSeq}: {verdict.reason}. The {verdict.count} events before it verify. Checked <LocalTime iso={verdict.checkedAt} seconds />.
          </Notice>
        )}
      </Card>
      <Card
        title="Signed checkpoints"
        description={
          <>
            Every hour the worker signs the chain&apos;s head (sequence number and hash) with the server&apos;s Ed25519 key. Each signature is checked against
            this server&apos;s own key{serverKey ? <> (key <code className="font-mono text-xs">{serverKey.keyId}</code>)</> : null}, not the key stored beside it,
            so a row someone signed with a key of their own does not pass. Keep the export outside Lapse: if history were ever rewritten, the head at a
            checkpoint would no longer match.
          </>
        }
        actions={
          <a href="/audit/integrity/checkpoints" className="rounded-md px-3 py-2 text-sm font-medium text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-50">
            Export checkpoints (JSON)
          </a>
        }
      >
        {checkpoints.length === 0 ? (
          <EmptyState>No checkpoint yet; the worker signs the first one within an hour of the first event.</EmptyState>
        ) : (
          <Table caption="Signed checkpoints">
            <thead>
              <tr>
                <Th>Signed</Th>
                <Th className="text-right">Events</Th>
                <Th>Head hash</Th>
                <Th>Key</Th>
                <Th>Check</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {checkpoints.map((c) => (
                <tr key={c.seq}>
                  <Td>
                    <LocalTime iso={c.createdAt} seconds />
                  </Td>
                  <Td className="text-right tabular-nums">{c.seq}</Td>
                  <Td>
                    <code className="font-mono text-xs" title={c.headHash}>
                      {c.headHash.slice(0, 20)}…
                    </code>
                  </Td>
                  <Td className="font-mono text-xs">{c.keyId}</Td>
                  <Td>
                    {c.signatureValid && c.matchesChain ? (
                      <Badge tone="success">{c.signatureNote}, matches the chain</Badge>
                    ) : (
                      <Badge tone="danger">{!c.signatureValid ? `Not valid: ${c.signatureNote}` : "Not valid: does not match the chain"}</Badge>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
