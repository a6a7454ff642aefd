import type { Metadata } from "next";
import { AutoRefresh } from "@/components/auto-refresh";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LocalTime } from "@/components/local-time";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { requirePageAccess } from "@/lib/auth/require-page";
import { listOpenDriftFindings } from "@/lib/drift/list-drift-findings";
import { getResourceOverview } from "@/lib/resources/get-resource-overview";
import { appDeps } from "@/lib/runtime/app-deps";
import { freezeResourceAction, revokeGrantAction, unfreezeResourceAction } from "../../actions";
import { BreakGlassReviewForm } from "./break-glass-review-form";
import { DriftFindings } from "./drift-findings";
import { ReasonAction } from "./reason-action";
import { UnfreezeButton } from "./unfreeze-button";

export const metadata: Metadata = { title: "Resource" };

export default async function ResourcePage({ params }: { params: Promise<{ slug: string }> }) {
  const actor = await requirePageAccess("owner.read");
  const { slug } = await params;
  const deps = await appDeps();
  const view = await getResourceOverview(actor, slug, deps);
  if (!view) notFound();
  const drift = await listOpenDriftFindings(actor, slug, deps);
  const { resource, viewer } = view;

  return (
    <>
      {/* Grants ending, reviews coming due and requests waiting change by themselves: keep the view current. */}
      <AutoRefresh />
      <PageHeader
        title={resource.name}
        description={
          <>
            {resource.description}{" "}
            <Link href="/owner" className="text-indigo-700 underline">All resources</Link> ·{" "}
            <Link href={`/owner/resources/${slug}/policy`} className="text-indigo-700 underline">Policy</Link> ·{" "}
            <Link href={`/owner/resources/${slug}/raci`} className="text-indigo-700 underline">RACI</Link>
          </>
        }
      />
      <Card
        title="Kill switch"
        description={
          resource.frozenAt ? (
            <>
              Frozen since <LocalTime iso={resource.frozenAt} /> by {resource.frozenBy}: {resource.frozenReason}. No request, approval or extension is accepted.
            </>
          ) : (
            "Freezing ends every live grant on this resource at once and refuses new requests until it is unfrozen."
          )
        }
        actions={
          viewer.mayFreeze &&
          (resource.frozenAt ? (
            <UnfreezeButton run={unfreezeResourceAction.bind(null, slug)} />
          ) : (
            <ReasonAction label="Freeze resource" confirmLabel="Freeze now" reasonLabel="Why freeze it (e.g. incident INC-123)" run={freezeResourceAction.bind(null, slug)} />
          ))
        }
      >
        {resource.frozenAt ? <Badge tone="danger">frozen</Badge> : <Badge tone="success">accepting requests</Badge>}
      </Card>

      <Card title="Exceptions to review" description="Break-glass grants the control owner team has not reviewed yet, the most urgent first.">
        {view.toReview.length === 0 ? (
          <EmptyState>No break-glass waits for review.</EmptyState>
        ) : (
          <Table caption="Break-glass grants to review">
            <thead>
              <tr>
                <Th>Holder</Th>
                <Th>Emergency</Th>
                <Th>Review due</Th>
                <Th>Review</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {view.toReview.map((g) => (
                <tr key={g.id}>
                  <Td>
                    {g.holder}
                    <span className="block text-xs text-slate-500">
                      {g.accessLevel} · {g.status}
                    </span>
                  </Td>
                  <Td className="max-w-xs">{g.justification}</Td>
                  <Td>
                    {g.reviewDueAt && <LocalTime iso={g.reviewDueAt} />}
                    {g.reviewOverdue && (
                      <span className="mt-1 block">
                        <Badge tone="danger">overdue</Badge>
                      </span>
                    )}
                  </Td>
                  <Td className="min-w-64">
                    {viewer.mayReview ? <BreakGlassReviewForm slug={slug} grantId={g.id} holder={g.holder} /> : <span className="text-slate-500">For the owner team</span>}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>

      <DriftFindings findings={drift} />

      <Card title="Access held now" description="Live grants, and grants whose revocation is being confirmed.">
        {view.current.length === 0 ? (
          <EmptyState>Nobody holds access to this resource right now.</EmptyState>
        ) : (
          <Table caption="Current grants">
            <thead>
              <tr>
                <Th>Holder</Th>
                <Th>Level</Th>
                <Th>Issued</Th>
                <Th>Expires</Th>
                <Th>State</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {view.current.map((g) => (
                <tr key={g.id}>
                  <Td>
                    {viewer.mayReadAudit ? (
                      <Link href={`/audit/grants/${g.id}`} className="text-indigo-700 underline">
                        {g.holder}
                      </Link>
                    ) : (
                      g.holder
                    )}
                    {g.breakGlass && (
                      <span className="ml-2">
                        <Badge tone="danger">break-glass</Badge>
                      </span>
                    )}
                  </Td>
                  <Td>{g.accessLevel}</Td>
                  <Td>{g.issuedAt ? <LocalTime iso={g.issuedAt} /> : "—"}</Td>
                  <Td>{g.expiresAt ? <LocalTime iso={g.expiresAt} /> : "—"}</Td>
                  <Td>
                    {g.live ? (
                      <Badge tone="success">live</Badge>
                    ) : g.revocationPending ? (
                      <>
                        <Badge tone="warning">{g.revokeReason ? `ending: ${g.revokeReason}` : "revocation overdue"}</Badge>
                        {g.lastRevokeError && (
                          <p className="mt-1 max-w-xs text-xs text-slate-600">
                            {g.revokeAttempts} {g.revokeAttempts === 1 ? "attempt" : "attempts"} failed, last: {g.lastRevokeError}
                            {g.nextRevokeAt && (
                              <>
                                {" "}
                                Next try <LocalTime iso={g.nextRevokeAt} />.
                              </>
                            )}
                          </p>
                        )}
                      </>
                    ) : (
                      <Badge>{g.status}</Badge>
                    )}
                  </Td>
                  <Td className="text-right">
                    {viewer.mayRevoke && g.live && (
                      <ReasonAction label="Revoke" confirmLabel="Revoke now" reasonLabel={`Why revoke ${g.holder}'s access`} run={revokeGrantAction.bind(null, slug, g.id)} />
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>

      {view.reviewed.length > 0 && (
        <Card title="Reviewed exceptions" description="The latest break-glass reviews.">
          <Table caption="Reviewed break-glass grants">
            <thead>
              <tr>
                <Th>Holder</Th>
                <Th>Emergency</Th>
                <Th>Outcome</Th>
                <Th>Reviewed</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {view.reviewed.map((g) => (
                <tr key={g.id}>
                  <Td>{g.holder}</Td>
                  <Td className="max-w-xs">{g.justification}</Td>
                  <Td>
                    <Badge tone={g.reviewOutcome === "accepted" ? "success" : "danger"}>{g.reviewOutcome}</Badge>
                    {g.reviewComment && <span className="block text-xs text-slate-600">{g.reviewComment}</span>}
                  </Td>
                  <Td>{g.reviewedAt && <LocalTime iso={g.reviewedAt} />}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
    </>
  );
}
