// The framework control catalogue: installed once, added to (never overwritten) when a newer
// Lapse ships more, read per control with its evidence, and edited by admins only, with
// before/after in the audit log.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, controlMappings, controls } from "@/db/schema";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { listAuditEvents } from "@/lib/audit/list-events";
import { CONTROL_CATALOGUE, type CatalogueEntry } from "@/lib/controls/catalogue";
import { CATALOGUE_INSTALLER, installControlCatalogue } from "@/lib/controls/install-catalogue";
import { getControlForEdit } from "@/lib/controls/get-control-for-edit";
import { getControl, listControls, listControlsForEdit } from "@/lib/controls/list-controls";
import { updateControl } from "@/lib/controls/update-control";
import { createRequest } from "@/lib/requests/create-request";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser, requestTerms, testDeps } from "../factories";
import { expectServiceError } from "../helpers";

describe.each(ENGINES)("control catalogue on %s", (engine) => {
  const handle = useTestDb(engine);

  it("installs the published identifiers once and shows each control's evidence", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    await installControlCatalogue(db, deps.clock());
    await installControlCatalogue(db, deps.clock());
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const listed = await listControls(auditor, deps);
    expect(listed.map((c) => c.identifier).sort()).toEqual(CONTROL_CATALOGUE.map((c) => c.identifier).sort());
    expect(listed.map((c) => c.identifier)).toEqual(expect.arrayContaining(["NHI1", "NHI5", "NHI7", "NHI10", "PR.AA-05"]));
    expect(listed.map((c) => c.identifier)).not.toContain("NHI3"); // often mis-cited; it is Vulnerable Third-Party NHI
    // In their published order, not as text.
    const owasp = listed.filter((c) => c.identifier.startsWith("NHI")).map((c) => c.identifier);
    expect(owasp).toEqual(["NHI1", "NHI5", "NHI7", "NHI10"]);

    const before = (await getControl(auditor, "NHI5", deps))!.evidenceCount;
    const s = await makeScenario(db);
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    const nhi5 = (await getControl(auditor, "NHI5", deps))!;
    expect(nhi5.evidenceCount).toBe(before + 1);
    const evidence = await listAuditEvents(auditor, { actions: nhi5.actions, limit: 5 }, deps);
    expect(evidence.events[0]).toMatchObject({ action: "request.created", requestId: request.id });
    await expectServiceError(listControls(s.requester, deps), "forbidden");
  });

  it("lets a control owner or an admin edit a control, recorded with before and after, and refuses stale edits, bad input and other roles", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    await installControlCatalogue(db, deps.clock());
    const admin = await makeUser(db, { roles: ["admin"] });
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const owner = await makeUser(db, { roles: ["owner"] });
    const requester = await makeUser(db, { roles: ["requester"] });
    const [nhi7] = await db.select().from(controls).where(eq(controls.identifier, "NHI7"));
    const edit = { controlId: nhi7.id, updatedAt: nhi7.updatedAt.toISOString(), lapseDoes: "Credentials live only as long as their grant.", actions: ["grant.expired", "grant.revoked"] };

    // Auditors read the catalogue but do not write the mapping they audit against.
    await expectServiceError(updateControl(auditor, edit, deps), "forbidden");
    await expectServiceError(updateControl(requester, edit, deps), "forbidden");
    await expectServiceError(listControlsForEdit(auditor, deps), "forbidden");
    const bad = await expectServiceError(updateControl(owner, { ...edit, lapseDoes: "short", actions: [] }, deps), "invalid");
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(["actions", "lapseDoes"]);
    await expectServiceError(updateControl(owner, { ...edit, actions: ["made.up"] }, deps), "invalid");

    deps.clock.advance(1000);
    await updateControl(owner, edit, deps);
    const after = (await getControl(auditor, "NHI7", deps))!;
    expect(after).toMatchObject({ lapseDoes: edit.lapseDoes, actions: ["grant.expired", "grant.revoked"] });
    expect((await listControlsForEdit(owner, deps)).find((c) => c.identifier === "NHI7")).toMatchObject({ lapseDoes: edit.lapseDoes });
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "control.updated"), eq(auditEvents.actorLabel, owner.email)));
    expect(event.details).toMatchObject({ control: "NHI7", after: { actions: ["grant.expired", "grant.revoked"] }, before: { lapseDoes: nhi7.lapseDoes } });

    // The admin's editor was opened before the owner's save: its stamp is stale now, and nothing changes.
    await expectServiceError(updateControl(admin, { ...edit, lapseDoes: "Another take on the same control." }, deps), "conflict");
    expect((await getControl(auditor, "NHI7", deps))!.lapseDoes).toBe(edit.lapseDoes);
    const fresh = (await getControlForEdit(admin, "NHI7", deps))!;
    deps.clock.advance(1000);
    await updateControl(admin, { ...edit, updatedAt: fresh.updatedAt, lapseDoes: "Another take on the same control." }, deps);
    expect((await getControl(auditor, "NHI7", deps))!.lapseDoes).toBe("Another take on the same control.");
  });
});

/** A catalogue as an older Lapse shipped it: fewer controls, fewer mappings. */
const OLDER: CatalogueEntry[] = [
  { ...CONTROL_CATALOGUE.find((c) => c.identifier === "NHI7")!, lapseDoes: "Credentials live as long as their grant.", actions: ["grant.issued", "grant.expired", "grant.revoked"] },
  { ...CONTROL_CATALOGUE.find((c) => c.identifier === "NHI5")!, lapseDoes: "One level, one resource, bounded time.", actions: ["request.created"] },
  { ...CONTROL_CATALOGUE.find((c) => c.identifier === "PR.AA-05")!, lapseDoes: "Approved by others, under the policy in force.", actions: ["request.approved", "raci.updated"] },
];

describe.each(ENGINES)("upgrading an installed control catalogue on %s", (engine) => {
  const handle = useTestDb(engine);

  it("adds the controls and mappings shipped since, keeps every admin edit, records each addition, and does it once", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    await installControlCatalogue(db, deps.clock(), OLDER);
    const admin = await makeUser(db, { roles: ["admin"] });
    const control = async (identifier: string) => {
      const [row] = await db.select().from(controls).where(eq(controls.identifier, identifier));
      const actions = (await db.select({ action: controlMappings.action }).from(controlMappings).where(eq(controlMappings.controlId, row.id))).map((m) => m.action).sort();
      return { ...row, actions };
    };

    // The admins have made the catalogue theirs: NHI7 no longer counts issuance (which the new
    // catalogue still maps there) and says so in their words; PR.AA-05 gained a mapping of their own.
    deps.clock.advance(1000);
    const nhi7 = await control("NHI7");
    await updateControl(admin, { controlId: nhi7.id, updatedAt: nhi7.updatedAt.toISOString(), lapseDoes: "Our words: credentials end with their grant.", actions: ["grant.expired", "grant.revoked"] }, deps);
    const praa05 = await control("PR.AA-05");
    await updateControl(admin, { controlId: praa05.id, updatedAt: praa05.updatedAt.toISOString(), lapseDoes: praa05.lapseDoes, actions: [...praa05.actions, "auth.signed_in"] }, deps);
    const staleNhi5 = await control("NHI5"); // an editor opened before the upgrade

    deps.clock.advance(1000);
    await installControlCatalogue(db, deps.clock());

    const shipped = (identifier: string) => CONTROL_CATALOGUE.find((c) => c.identifier === identifier)!.actions;
    const installed = await db.select({ identifier: controls.identifier }).from(controls);
    expect(installed.map((c) => c.identifier).sort()).toEqual(CONTROL_CATALOGUE.map((c) => c.identifier).sort());
    const upgraded7 = await control("NHI7");
    expect(upgraded7.lapseDoes).toBe("Our words: credentials end with their grant.");
    expect(upgraded7.actions).toEqual(shipped("NHI7").filter((a) => a !== "grant.issued").sort());
    expect((await control("PR.AA-05")).actions).toEqual([...new Set([...shipped("PR.AA-05"), "auth.signed_in"])].sort());
    expect((await control("NHI5")).lapseDoes).toBe("One level, one resource, bounded time."); // text is the admins', never replaced
    expect((await control("PR.AA-01")).actions).toEqual([...shipped("PR.AA-01")].sort());

    // Every action Lapse writes is evidence for some control in the upgraded database too.
    const mappedNow = new Set((await db.select({ action: controlMappings.action }).from(controlMappings)).map((m) => m.action));
    expect(Object.keys(AUDIT_ACTIONS).filter((a) => !mappedNow.has(a))).toEqual([]);

    // Each addition is on the record, by the system, with before and after.
    const byInstaller = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "control.updated"), eq(auditEvents.actorLabel, CATALOGUE_INSTALLER.label)));
    const details = (identifier: string) => byInstaller.find((e) => e.details.control === identifier)?.details;
    expect(details("NHI7")).toMatchObject({ before: { actions: ["grant.expired", "grant.revoked"] }, after: { actions: upgraded7.actions } });
    expect(details("NHI7")!.added).not.toContain("grant.issued");
    expect(details("PR.AA-01")).toMatchObject({ before: null, after: { actions: [...shipped("PR.AA-01")].sort() } });
    expect(byInstaller.map((e) => e.actorKind).every((k) => k === "system")).toBe(true);

    // The editor opened before the upgrade cannot save over the mappings it added.
    await expectServiceError(updateControl(admin, { controlId: staleNhi5.id, updatedAt: staleNhi5.updatedAt.toISOString(), lapseDoes: staleNhi5.lapseDoes, actions: staleNhi5.actions }, deps), "conflict");

    // Starting again changes nothing and records nothing.
    const eventsBefore = (await db.select({ seq: auditEvents.seq }).from(auditEvents)).length;
    const mappingsBefore = (await db.select().from(controlMappings)).length;
    deps.clock.advance(1000);
    await installControlCatalogue(db, deps.clock());
    expect((await db.select({ seq: auditEvents.seq }).from(auditEvents)).length).toBe(eventsBefore);
    expect((await db.select().from(controlMappings)).length).toBe(mappingsBefore);
  });
});
