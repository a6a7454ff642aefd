"use client";
// The RACI matrix, edited in place: one select per team and activity (keyboard: Tab to a
// cell, arrow keys or a letter to choose). The rules of DESIGN §2 are checked live with the
// same pure function the server uses, and shown beside the grid in plain words.
import { useMemo, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { CONTROL_ACTIVITIES, RACI_LETTERS, type ControlActivity, type RaciLetter } from "@/db/enums";
import type { ActionState } from "@/lib/action-state-types";
import type { RaciPageView } from "@/lib/raci/get-raci-page";
import { ACTIVITY_LABELS, findGovernanceGaps, type RaciCell } from "@/lib/raci/rules";
import { saveRaciAction } from "../../../actions";

const LETTER_NAMES: Record<RaciLetter, string> = { R: "Responsible", A: "Accountable", C: "Consulted", I: "Informed" };
const key = (activity: ControlActivity, teamId: string) => `${activity}:${teamId}`;

export function RaciGrid({ page }: { page: RaciPageView }) {
  const [letters, setLetters] = useState(() => new Map(page.cells.map((c) => [key(c.activity, c.teamId), c.letter])));
  const [revision, setRevision] = useState(page.resource.revision);
  const [saved, setSaved] = useState(() => JSON.stringify([...letters].sort()));
  const [outcome, setOutcome] = useState<ActionState | null>(null);
  const [busy, startTransition] = useTransition();

  const cells: RaciCell[] = useMemo(
    () =>
      [...letters].map(([k, letter]) => {
        const [activity, teamId] = k.split(":") as [ControlActivity, string];
        return { activity, teamId, letter };
      }),
    [letters],
  );
  const gaps = findGovernanceGaps(cells, page.resource.ownerTeamId, page.teams);
  const gapActivities = new Set(gaps.map((g) => g.activity));
  const dirty = JSON.stringify([...letters].sort()) !== saved;
  const ownerTeam = page.teams.find((t) => t.id === page.resource.ownerTeamId);

  function choose(activity: ControlActivity, teamId: string, letter: string) {
    setOutcome(null);
    setLetters((previous) => {
      const next = new Map(previous);
      if (letter) next.set(key(activity, teamId), letter as RaciLetter);
      else next.delete(key(activity, teamId));
      return next;
    });
  }

  function save() {
    startTransition(async () => {
      const result = await saveRaciAction({ resourceSlug: page.resource.slug, revision, cells });
      setOutcome(result);
      if (result.status === "ok" && result.revision !== undefined) {
        setRevision(result.revision);
        setSaved(JSON.stringify([...letters].sort()));
      }
    });
  }

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_16rem]">
      <div className="space-y-3">
        <div className="overflow-x-auto">
          <table className="min-w-full border-separate border-spacing-0 text-sm">
            <caption className="sr-only">RACI matrix: teams by control activity</caption>
            <thead>
              <tr>
                <th scope="col" className="sticky left-0 bg-white px-2 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                  Team
                </th>
                {CONTROL_ACTIVITIES.map((activity) => (
                  <th
                    key={activity}
                    scope="col"
                    className={`px-1 py-2 text-center text-xs font-semibold text-slate-600 ${gapActivities.has(activity) ? "bg-red-50 text-red-800" : ""}`}
                  >
                    {ACTIVITY_LABELS[activity]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {page.teams.map((team) => (
                <tr key={team.id} className="border-t border-slate-100">
                  <th scope="row" className="sticky left-0 whitespace-nowrap border-t border-slate-100 bg-white px-2 py-1.5 text-left font-medium text-slate-900">
                    {team.name}
                    {team.id === page.resource.ownerTeamId && <span className="block text-xs font-normal text-indigo-700">control owner</span>}
                    <span className="block text-xs font-normal text-slate-500">{team.function}</span>
                  </th>
                  {CONTROL_ACTIVITIES.map((activity) => {
                    const letter = letters.get(key(activity, team.id)) ?? "";
                    return (
                      <td key={activity} className={`border-t border-slate-100 px-1 py-1.5 text-center ${gapActivities.has(activity) ? "bg-red-50/60" : ""}`}>
                        <select
                          aria-label={`${team.name}, ${ACTIVITY_LABELS[activity]}`}
                          value={letter}
                          disabled={!page.viewerMayEdit}
                          onChange={(e) => choose(activity, team.id, e.target.value)}
                          className={`w-11 cursor-pointer appearance-none rounded-md border-0 px-0 py-1 text-center text-sm font-semibold ring-1 ring-inset focus:ring-2 focus:ring-indigo-600 ${
                            letter === "A" ? "bg-indigo-50 text-indigo-900 ring-indigo-300" : letter === "R" ? "bg-emerald-50 text-emerald-900 ring-emerald-300" : letter ? "bg-slate-50 text-slate-800 ring-slate-300" : "text-slate-400 ring-slate-200"
                          }`}
                        >
                          <option value="">–</option>
                          {RACI_LETTERS.map((l) => (
                            <option key={l} value={l}>
                              {l}
                            </option>
                          ))}
                        </select>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="text-xs text-slate-500">
          {RACI_LETTERS.map((l) => `${l} = ${LETTER_NAMES[l]}`).join(" · ")}. Columns with a gap are shaded red.
        </p>
        <div className="flex flex-wrap items-center justify-end gap-3">
          {dirty && <span className="text-sm text-amber-800">Unsaved changes</span>}
          <Button onClick={save} disabled={busy || !dirty || !page.viewerMayEdit}>
            {busy ? "Saving…" : "Save matrix"}
          </Button>
        </div>
        {outcome && (
          <Notice tone={outcome.status === "ok" ? "success" : "error"} label="RACI result">
            {outcome.message}
          </Notice>
        )}
      </div>

      <aside aria-labelledby="gaps-heading" className="space-y-3">
        <h3 id="gaps-heading" className="text-sm font-semibold text-slate-900">
          Governance check
        </h3>
        {gaps.length === 0 ? (
          <Notice tone="success" label="Governance check">
            Every rule holds: the resource accepts requests.
          </Notice>
        ) : (
          <div role="status" aria-label="Governance gaps" className="space-y-2 rounded-md bg-red-50 p-3 text-sm text-red-900 ring-1 ring-inset ring-red-200">
            <p className="font-medium">
              {gaps.length === 1 ? "1 governance gap" : `${gaps.length} governance gaps`}: the resource accepts no requests.
            </p>
            <ul className="list-disc space-y-1 pl-5">
              {gaps.map((gap) => (
                <li key={`${gap.rule}-${gap.activity}-${gap.message}`}>{gap.message}</li>
              ))}
            </ul>
          </div>
        )}
        <ol className="list-decimal space-y-1 pl-5 text-xs text-slate-600">
          <li>Each activity has exactly one A.</li>
          <li>The A of revocation, exception handling and audit evidence is the control owner team{ownerTeam ? ` (${ownerTeam.name})` : ""}.</li>
          <li>Revocation has at least one R: someone owns the teardown.</li>
          <li>DevOps, IAM and PAM each appear somewhere in the matrix.</li>
        </ol>
      </aside>
    </div>
  );
}
