// The framework control catalogue: installed once, read per control with its evidence, and
// edited by admins only, with before/after in the audit log.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, controls } from "@/db/schema";
import { listAuditEvents } from "@/lib/audit/list-events";
import { CONTROL_CATALOGUE } from "@/lib/controls/catalogue";
import { installControlCatalogue } from "@/lib/controls/install-catalogue";
import { getControl, listControls } from "@/lib/controls/list-controls";
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

    const before = (await getControl(auditor, "NHI5", deps))!.evidenceCount;
    const s = await makeScenario(db);
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    const nhi5 = (await getControl(auditor, "NHI5", deps))!;
    expect(nhi5.evidenceCount).toBe(before + 1);
    const evidence = await listAuditEvents(auditor, { actions: nhi5.actions, limit: 5 }, deps);
    expect(evidence.events[0]).toMatchObject({ action: "request.created", requestId: request.id });
    await expectServiceError(listControls(s.requester, deps), "forbidden");
  });

  it("lets an admin edit a control, recorded with before and after, and refuses stale edits, bad input and other roles", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    await installControlCatalogue(db, deps.clock());
    const admin = await makeUser(db, { roles: ["admin"] });
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const owner = await makeUser(db, { roles: ["owner"] });
    const [nhi7] = await db.select().from(controls).where(eq(controls.identifier, "NHI7"));
    const edit = { controlId: nhi7.id, updatedAt: nhi7.updatedAt.toISOString(), lapseDoes: "Credentials live only as long as their grant.", actions: ["grant.expired", "grant.revoked"] };

    await expectServiceError(updateControl(auditor, edit, deps), "forbidden");
    await expectServiceError(updateControl(owner, edit, deps), "forbidden");
    const bad = await expectServiceError(updateControl(admin, { ...edit, lapseDoes: "short", actions: [] }, deps), "invalid");
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(["actions", "lapseDoes"]);
    await expectServiceError(updateControl(admin, { ...edit, actions: ["made.up"] }, deps), "invalid");

    deps.clock.advance(1000);
    await updateControl(admin, edit, deps);
    const after = (await getControl(admin, "NHI7", deps))!;
    expect(after).toMatchObject({ lapseDoes: edit.lapseDoes, actions: ["grant.expired", "grant.revoked"] });
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "control.updated"), eq(auditEvents.actorLabel, admin.email)));
    expect(event.details).toMatchObject({ control: "NHI7", after: { actions: ["grant.expired", "grant.revoked"] }, before: { lapseDoes: nhi7.lapseDoes } });

    // The editor was opened before that save: its stamp is stale now.
    await expectServiceError(updateControl(admin, { ...edit, lapseDoes: "Another take on the same control." }, deps), "conflict");
  });
});
