// Drift on this resource's target: access the ledger says is gone, still there, or access that
// would outlast its live grant. Lapse has already revoked it again or set it back; a finding
// closes when a later check sees it right.
import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import type { DriftFindingView } from "@/lib/drift/list-drift-findings";

export function DriftFindings({ findings }: { findings: DriftFindingView[] }) {
  if (findings.length === 0) return null;
  return (
    <Card title={`Drift (${findings.length})`} description="The target shows access Lapse ended or never issued, or access that would outlast its grant. Lapse revokes it again or sets it back to the grant's end; each finding closes once a later check sees it right.">
      <Table caption="Open drift findings">
        <thead>
          <tr>
            <Th>On the target</Th>
            <Th>Why</Th>
            <Th>Found</Th>
            <Th>Grant</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {findings.map((finding) => (
            <tr key={finding.id}>
              <Td className="font-mono text-xs">{finding.subject}</Td>
              <Td>{finding.reason}</Td>
              <Td>
                <LocalTime iso={finding.detectedAt} />
              </Td>
              <Td>
                {finding.grantId ? (
                  <Link href={`/audit/grants/${finding.grantId}`} className="text-indigo-700 underline">
                    timeline
                  </Link>
                ) : (
                  "none (never issued by Lapse)"
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
