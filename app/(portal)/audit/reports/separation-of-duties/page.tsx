import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { proveSeparationOfDuties } from "@/lib/audit/reports/separation-of-duties";
import { requirePageAccess } from "@/lib/auth/require-page";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "Separation of duties" };

// The two checks that must be zero; the others give the scale they were measured on.
const MUST_BE_ZERO = new Set(["self-decided", "self-extended", "dual-short"]);

export default async function SeparationOfDutiesPage() {
  const actor = await requirePageAccess("audit.read");
  const results = await proveSeparationOfDuties(actor, await appDeps());
  return (
    <>
      <PageHeader
        title="Separation of duties"
        description={
          <>
            Nobody decides their own request, and dual approval always means two different people. Each figure comes from the query shown beside it, run
            just now against the whole record. <Link href="/audit" className="text-indigo-700 underline">Audit log</Link>
          </>
        }
      />
      {results.map((result) => (
        <Card key={result.id} title={result.title}>
          <div className="flex flex-wrap items-start gap-6">
            <div className="min-w-32">
              <p className="text-3xl font-semibold tabular-nums text-slate-900" aria-label={`${result.title}: ${result.count}`}>
                {result.count}
              </p>
              {MUST_BE_ZERO.has(result.id) &&
                (result.count === 0 ? <Badge tone="success">holds</Badge> : <Badge tone="danger">violated</Badge>)}
            </div>
            <pre className="flex-1 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">{result.query}</pre>
          </div>
        </Card>
      ))}
    </>
  );
}
