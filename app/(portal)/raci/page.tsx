import type { Metadata } from "next";
import Link from "next/link";
import { FilterSelect } from "@/components/filter-select";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/table";
import { CONTROL_ACTIVITIES, RACI_LETTERS, type RaciLetter } from "@/db/enums";
import { can } from "@/lib/auth/permissions";
import { requirePageAccess } from "@/lib/auth/require-page";
import { listTeams } from "@/lib/raci/list-teams";
import { ACTIVITY_LABELS } from "@/lib/raci/rules";
import { listOrgRaci, type OrgRaciCell } from "@/lib/raci/list-org-raci";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "RACI" };

const LETTER_LABELS: Record<RaciLetter, string> = { R: "Responsible (R)", A: "Accountable (A)", C: "Consulted (C)", I: "Informed (I)" };

function CellText({ cell, filtered }: { cell: OrgRaciCell; filtered: boolean }) {
  if (filtered) return cell.teamLetter ? <span className="text-base font-semibold">{cell.teamLetter}</span> : <span className="text-slate-300">–</span>;
  return (
    <div className="space-y-0.5 text-xs">
      <p>
        <span className="font-semibold text-indigo-800">A</span> {cell.accountable.join(", ") || <span className="text-red-700">nobody</span>}
      </p>
      <p>
        <span className="font-semibold text-emerald-800">R</span> {cell.responsible.join(", ") || <span className="text-slate-400">nobody</span>}
      </p>
    </div>
  );
}

export default async function OrgRaciPage({ searchParams }: { searchParams: Promise<{ team?: string; letter?: string }> }) {
  const actor = await requirePageAccess("raci.read");
  const deps = await appDeps();
  const params = await searchParams;
  const teams = await listTeams(actor, deps);
  const teamId = teams.some((t) => t.id === params.team) ? params.team! : null;
  const letter = teamId && RACI_LETTERS.includes(params.letter as RaciLetter) ? (params.letter as RaciLetter) : null;
  const rows = await listOrgRaci(actor, { teamId, letter }, deps);
  const team = teams.find((t) => t.id === teamId);
  const query = new URLSearchParams({ ...(teamId ? { team: teamId } : {}), ...(letter ? { letter } : {}) });
  const gapCount = rows.filter((r) => r.gaps.length).length;

  return (
    <>
      <PageHeader
        title="RACI across the organisation"
        description={
          team
            ? `What ${team.name} is ${letter ? LETTER_LABELS[letter].toLowerCase() : "involved in"}: its letter for each resource and activity.`
            : "Who is accountable (A) and responsible (R) for each control activity of every resource. Shaded cells break a rule."
        }
      />
      <Card
        title="Resources × activities"
        description={
          gapCount
            ? `${gapCount} of ${rows.length} resources ${gapCount === 1 ? "has" : "have"} a governance gap and ${gapCount === 1 ? "accepts" : "accept"} no requests.`
            : `${rows.length} resources, no governance gaps.`
        }
        actions={
          <div className="flex flex-wrap items-end gap-2">
            <form method="get" className="flex flex-wrap items-end gap-2">
              <FilterSelect name="team" label="Team" allLabel="All teams" value={teamId} options={teams.map((t) => ({ value: t.id, label: t.name }))} />
              <FilterSelect name="letter" label="Letter" allLabel="Any letter" value={letter} options={RACI_LETTERS.map((l) => ({ value: l, label: LETTER_LABELS[l] }))} />
              <Button type="submit" variant="secondary">
                Filter
              </Button>
            </form>
            <a href={`/raci/export?${query}`} className="rounded-md px-3.5 py-2 text-sm font-medium text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-50">
              Export CSV
            </a>
          </div>
        }
      >
        {rows.length === 0 ? (
          <EmptyState>{team ? `${team.name} holds no such letter on any resource.` : "No resources yet."}</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm">
              <caption className="sr-only">RACI by resource and control activity</caption>
              <thead>
                <tr className="border-b border-slate-200">
                  <th scope="col" className="px-2 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                    Resource
                  </th>
                  {CONTROL_ACTIVITIES.map((activity) => (
                    <th key={activity} scope="col" className="px-2 py-2 text-left text-xs font-semibold text-slate-600">
                      {ACTIVITY_LABELS[activity]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((row) => (
                  <tr key={row.slug}>
                    <th scope="row" className="px-2 py-2 text-left align-top font-medium text-slate-900">
                      {can(actor, "owner.read") ? (
                        <Link href={`/owner/resources/${row.slug}/raci`} className="text-indigo-700 underline">
                          {row.name}
                        </Link>
                      ) : (
                        row.name
                      )}
                      <span className="block text-xs font-normal text-slate-500">owner: {row.ownerTeam}</span>
                      {row.gaps.length > 0 && (
                        <span className="mt-1 block" title={row.gaps.join("\n")}>
                          <Badge tone="danger">{row.gaps.length === 1 ? "1 gap" : `${row.gaps.length} gaps`}</Badge>
                        </span>
                      )}
                    </th>
                    {CONTROL_ACTIVITIES.map((activity) => {
                      const cell = row.activities[activity];
                      return (
                        <td key={activity} className={`px-2 py-2 align-top ${cell.hasGap ? "bg-red-50 text-red-900" : "text-slate-700"}`}>
                          <CellText cell={cell} filtered={!!teamId} />
                          {cell.hasGap && <span className="sr-only"> (governance gap)</span>}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {rows.some((r) => r.gaps.length) && (
          <div className="mt-4 space-y-1 text-sm">
            <h3 className="font-semibold text-slate-900">Gaps</h3>
            <ul className="list-disc space-y-1 pl-5 text-red-900">
              {rows.flatMap((row) => row.gaps.map((gap) => <li key={`${row.slug}-${gap}`}>{row.name}: {gap}</li>))}
            </ul>
          </div>
        )}
      </Card>
    </>
  );
}
