// The organisation-wide RACI (/raci and its CSV export): the accountable and responsible teams
// of every resource × activity, the gaps marked where they are, and the team filter answering
// "what is IAM accountable for?" with exactly the resources and activities where IAM holds A.
import { describe, expect, it } from "vitest";
import { CONTROL_ACTIVITIES, type ControlActivity } from "@/db/enums";
import { listOrgRaci, type OrgRaciFilter, type OrgRaciRow } from "@/lib/raci/list-org-raci";
import { ORG_RACI_CSV_HEADER, orgRaciCsv } from "@/lib/raci/org-raci-csv";
import type { RaciCell } from "@/lib/raci/rules";
import { ENGINES, useTestDb } from "../db";
import { makeResource, makeTeam, makeUser, testDeps } from "../factories";
import { expectServiceError } from "../helpers";

/** RFC 4180 as a spreadsheet reads it: quoted cells may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r" && text[i + 1] === "\n") row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    else cell += c;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

describe.each(ENGINES)("organisation-wide RACI on %s", (engine) => {
  const handle = useTestDb(engine);

  /** Four resources with matrices chosen so each filter and each kind of gap has a known answer. */
  async function organisation() {
    const { db } = handle();
    const [owners, devops, iam, pam, sre] = await Promise.all([
      makeTeam(db, "security-platform"),
      makeTeam(db, "devops"),
      makeTeam(db, "iam"),
      makeTeam(db, "pam"),
      makeTeam(db, "sre"),
    ]);
    const ownerEverywhere = (except: ControlActivity[] = []): RaciCell[] =>
      CONTROL_ACTIVITIES.filter((a) => !except.includes(a)).map((activity) => ({ activity, teamId: owners.id, letter: "A" }));
    const make = (raci: RaciCell[]) =>
      makeResource(db, { ownerTeamId: owners.id, policy: { eligibleTeamIds: [devops.id], approverTeamIds: [iam.id] }, raci }).then((r) => r.resource);

    // IAM accountable for defining policy and for approval; no gap.
    const iamDefines = await make([
      ...ownerEverywhere(["policy-definition", "approval"]),
      { activity: "policy-definition", teamId: iam.id, letter: "A" },
      { activity: "approval", teamId: iam.id, letter: "A" },
      { activity: "audit-evidence", teamId: iam.id, letter: "R" },
      { activity: "revocation", teamId: pam.id, letter: "R" },
      { activity: "issuance", teamId: devops.id, letter: "R" },
      { activity: "telemetry", teamId: sre.id, letter: "C" },
    ]);
    // IAM only responsible for approval; no gap.
    const iamApproves = await make([
      ...ownerEverywhere(),
      { activity: "approval", teamId: iam.id, letter: "R" },
      { activity: "revocation", teamId: pam.id, letter: "R" },
      { activity: "issuance", teamId: devops.id, letter: "R" },
    ]);
    // IAM accountable for revocation (must be the owner team), nobody responsible for it, no PAM at all.
    const broken = await make([
      ...ownerEverywhere(["revocation"]),
      { activity: "revocation", teamId: iam.id, letter: "A" },
      { activity: "issuance", teamId: devops.id, letter: "R" },
    ]);
    // Complete but for one thing no single activity owns: IAM appears nowhere.
    const noIam = await make([
      ...ownerEverywhere(),
      { activity: "revocation", teamId: pam.id, letter: "R" },
      { activity: "revocation", teamId: devops.id, letter: "R" },
      { activity: "issuance", teamId: devops.id, letter: "I" },
    ]);
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const ours = new Set([iamDefines.slug, iamApproves.slug, broken.slug, noIam.slug]);
    /** The org-wide rows of this test's resources only (other tests share the database). */
    const rows = async (filter: OrgRaciFilter = {}) => (await listOrgRaci(auditor, filter, testDeps(db))).filter((r) => ours.has(r.slug));
    return { db, teams: { owners, devops, iam, pam, sre }, resources: { iamDefines, iamApproves, broken, noIam }, auditor, rows };
  }

  const bySlug = (rows: OrgRaciRow[]) => Object.fromEntries(rows.map((r) => [r.slug, r]));
  const activitiesWith = (row: OrgRaciRow, letter: string) => CONTROL_ACTIVITIES.filter((a) => row.activities[a].teamLetter === letter);

  it("shows the accountable and responsible teams of each cell, and marks the cells and resources with a gap", async () => {
    const { teams, resources, rows } = await organisation();
    const all = bySlug(await rows());
    expect(Object.keys(all).sort()).toEqual(Object.values(resources).map((r) => r.slug).sort());

    const defines = all[resources.iamDefines.slug];
    expect(defines.ownerTeam).toBe(teams.owners.name);
    expect(defines.activities["policy-definition"]).toEqual({ accountable: [teams.iam.name], responsible: [], consulted: [], informed: [], teamLetter: null, hasGap: false });
    expect(defines.activities.revocation).toMatchObject({ accountable: [teams.owners.name], responsible: [teams.pam.name], hasGap: false });
    expect(defines.activities.telemetry).toMatchObject({ accountable: [teams.owners.name], responsible: [], consulted: [teams.sre.name] });
    expect(defines.gaps).toEqual([]);
    expect(all[resources.iamApproves.slug].gaps).toEqual([]);

    // The broken matrix: both revocation rules fail in the revocation cell; PAM's absence is the resource's.
    const broken = all[resources.broken.slug];
    expect(broken.activities.revocation).toMatchObject({ accountable: [teams.iam.name], responsible: [], hasGap: true });
    expect(CONTROL_ACTIVITIES.filter((a) => broken.activities[a].hasGap)).toEqual(["revocation"]);
    expect(broken.gaps).toEqual([
      `${teams.iam.name} is accountable for revocation, but that must be the control owner team, ${teams.owners.name}.`,
      "No team is responsible for revocation: nobody owns the teardown.",
      "No PAM team appears in the matrix: PAM must know its part.",
    ]);

    const noIam = all[resources.noIam.slug];
    expect(noIam.activities.revocation.responsible.sort()).toEqual([teams.devops.name, teams.pam.name].sort());
    expect(CONTROL_ACTIVITIES.some((a) => noIam.activities[a].hasGap)).toBe(false);
    expect(noIam.gaps).toEqual(["No IAM team appears in the matrix: IAM must know its part."]);
  });

  it("answers what a team is accountable for, responsible for, or involved in, exactly", async () => {
    const { teams, resources, rows } = await organisation();

    const iamAccountable = bySlug(await rows({ teamId: teams.iam.id, letter: "A" }));
    expect(Object.keys(iamAccountable).sort()).toEqual([resources.iamDefines.slug, resources.broken.slug].sort());
    expect(activitiesWith(iamAccountable[resources.iamDefines.slug], "A")).toEqual(["policy-definition", "approval"]);
    expect(activitiesWith(iamAccountable[resources.broken.slug], "A")).toEqual(["revocation"]);
    // The row still says what else IAM does there, and where nothing.
    expect(iamAccountable[resources.iamDefines.slug].activities["audit-evidence"].teamLetter).toBe("R");
    expect(iamAccountable[resources.iamDefines.slug].activities.issuance.teamLetter).toBeNull();

    const iamAnything = await rows({ teamId: teams.iam.id });
    expect(iamAnything.map((r) => r.slug).sort()).toEqual([resources.iamDefines.slug, resources.iamApproves.slug, resources.broken.slug].sort());

    const pamResponsible = bySlug(await rows({ teamId: teams.pam.id, letter: "R" }));
    expect(Object.keys(pamResponsible).sort()).toEqual([resources.iamDefines.slug, resources.iamApproves.slug, resources.noIam.slug].sort());
    for (const row of Object.values(pamResponsible)) expect(activitiesWith(row, "R")).toEqual(["revocation"]);

    expect(await rows({ teamId: teams.sre.id, letter: "A" })).toEqual([]);
    expect((await rows({ teamId: teams.sre.id, letter: "C" })).map((r) => r.slug)).toEqual([resources.iamDefines.slug]);
  });

  it("exports one CSV line per resource and activity, with every gap findable, the filter applied, and nothing a spreadsheet would run", async () => {
    const { db, teams, resources, rows, auditor } = await organisation();
    const csv = parseCsv(orgRaciCsv(await rows()));
    expect(csv[0]).toEqual([...ORG_RACI_CSV_HEADER]);
    const lines = csv.slice(1);
    expect(lines).toHaveLength(4 * CONTROL_ACTIVITIES.length);
    const line = (slug: string, activity: string) => Object.fromEntries(ORG_RACI_CSV_HEADER.map((h, i) => [h, lines.find((l) => l[0] === slug && l[2] === activity)![i]]));

    expect(line(resources.iamDefines.slug, "policy definition")).toEqual({
      resource: resources.iamDefines.slug, "owner team": teams.owners.name, activity: "policy definition",
      accountable: teams.iam.name, responsible: "", consulted: "", informed: "", gap: "no", "resource gaps": "",
    });
    expect(line(resources.broken.slug, "revocation")).toMatchObject({ accountable: teams.iam.name, responsible: "", gap: "yes" });
    expect(line(resources.broken.slug, "revocation")["resource gaps"]).toContain("No PAM team appears in the matrix");
    expect(line(resources.broken.slug, "issuance")).toMatchObject({ gap: "no", "resource gaps": expect.stringContaining("nobody owns the teardown") });
    expect(line(resources.noIam.slug, "revocation").responsible.split("; ").sort()).toEqual([teams.devops.name, teams.pam.name].sort());
    // A gap of the whole matrix (IAM missing) has no cell of its own, yet the export shows it on every line.
    const noIamLines = lines.filter((l) => l[0] === resources.noIam.slug);
    expect(noIamLines.map((l) => l[7])).toEqual(CONTROL_ACTIVITIES.map(() => "no"));
    expect(new Set(noIamLines.map((l) => l[8]))).toEqual(new Set(["No IAM team appears in the matrix: IAM must know its part."]));
    const withGaps = new Set(lines.filter((l) => l[7] === "yes" || l[8] !== "").map((l) => l[0]));
    expect([...withGaps].sort()).toEqual([resources.broken.slug, resources.noIam.slug].sort());

    // The filtered export holds the filtered rows only.
    const filtered = parseCsv(orgRaciCsv(await rows({ teamId: teams.iam.id, letter: "A" }))).slice(1);
    expect([...new Set(filtered.map((l) => l[0]))].sort()).toEqual([resources.iamDefines.slug, resources.broken.slug].sort());

    // A team name that looks like a formula is neutralised.
    const formula = await makeTeam(db, "other");
    await db.execute(`update teams set name = '=HYPERLINK("x")' where id = '${formula.id}'`);
    const tricky = await makeResource(db, { ownerTeamId: formula.id, policy: { eligibleTeamIds: [], approverTeamIds: [] }, raci: [] });
    const trickyLines = parseCsv(orgRaciCsv((await listOrgRaci(auditor, {}, testDeps(db))).filter((r) => r.slug === tricky.resource.slug))).slice(1);
    expect(trickyLines[0][1]).toBe(`'=HYPERLINK("x")`);
  });

  it("is for owners, auditors and admins; a requester or an approver is refused", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    for (const role of ["owner", "auditor", "admin"] as const) {
      await expect(listOrgRaci(await makeUser(db, { roles: [role] }), {}, deps)).resolves.toBeInstanceOf(Array);
    }
    for (const role of ["requester", "approver"] as const) {
      await expectServiceError(listOrgRaci(await makeUser(db, { roles: [role] }), {}, deps), "forbidden");
    }
  });
});
