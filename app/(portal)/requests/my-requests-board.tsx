"use client";
// The requester's live view: access held now (with a countdown), requests waiting for a
// decision, and history. Polls the server so approvals and expiries show up on their own.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState, useTransition } from "react";
import { Countdown } from "@/components/countdown";
import { CredentialsButton } from "./credentials-button";
import { RelinquishButton } from "./relinquish-button";
import { LocalTime } from "@/components/local-time";
import { GrantStatusBadge, RequestStatusBadge } from "@/components/status-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { formatMinutes } from "@/lib/lifecycle/duration";
import type { MyRequestView, MyRequestsView } from "@/lib/requests/list-my-requests";
import { cancelRequestAction } from "./actions";
import { GrantExtension } from "./grant-extension";
import { MY_REQUESTS_KEY } from "./query-keys";

async function fetchMyRequests(): Promise<MyRequestsView> {
  const response = await fetch("/api/ui/my-requests", { cache: "no-store" });
  if (!response.ok) throw new Error(`my-requests: ${response.status}`);
  return response.json();
}

/** `extendGrantId`: the grant whose extension form opens at once (the link in an "ends soon" message). */
export function MyRequestsBoard({ initial, extendGrantId }: { initial: MyRequestsView; extendGrantId?: string }) {
  const queryClient = useQueryClient();
  const { data, isError } = useQuery({ queryKey: MY_REQUESTS_KEY, queryFn: fetchMyRequests, initialData: initial, refetchInterval: 5_000 });
  // Server clock minus browser clock, so countdowns follow the server's time.
  const skewMs = useMemo(() => Date.parse(data.serverNow) - Date.now(), [data.serverNow]);
  const refresh = useCallback(() => {
    // The worker needs a moment to revoke; look again shortly after the countdown ends.
    setTimeout(() => void queryClient.invalidateQueries({ queryKey: MY_REQUESTS_KEY }), 1_500);
  }, [queryClient]);

  return (
    <>
      {isError && (
        <Notice tone="error" label="Refresh error">
          Could not refresh this page&apos;s data. It will try again shortly.
        </Notice>
      )}
      <Card title="Active access" description="Access you hold now. It ends on its own when the time is up.">
        {data.current.length === 0 ? (
          <EmptyState>You hold no access right now.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Active access">
            {data.current.map((item) => (
              <CurrentGrant key={item.id} item={item} skewMs={skewMs} onElapsed={refresh} openExtension={item.grant?.id === extendGrantId} />
            ))}
          </ul>
        )}
      </Card>
      <Card title="Pending requests" description="Waiting for an approver's decision.">
        {data.pending.length === 0 ? <EmptyState>Nothing is waiting.</EmptyState> : <PendingTable items={data.pending} />}
      </Card>
      <Card title="History" description="Your latest 50 requests that have ended.">
        {data.history.length === 0 ? <EmptyState>No history yet.</EmptyState> : <HistoryTable items={data.history} />}
      </Card>
    </>
  );
}

function CurrentGrant({ item, skewMs, onElapsed, openExtension }: { item: MyRequestView; skewMs: number; onElapsed: () => void; openExtension: boolean }) {
  const grant = item.grant!;
  return (
    <li id={`grant-${grant.id}`} className="flex scroll-mt-4 flex-wrap items-center justify-between gap-3 py-3" aria-label={`${item.resourceName} (${item.accessLevel})`}>
      <div>
        <p className="font-medium text-slate-900">
          {item.resourceName} <span className="font-normal text-slate-500">· {item.accessLevel}</span>
          {grant.breakGlass && (
            <span className="ml-2">
              <Badge tone="danger">break-glass</Badge>
            </span>
          )}
        </p>
        <p className="text-sm text-slate-500">
          {grant.live && grant.expiresAt && (
            <>
              Until <LocalTime iso={grant.expiresAt} seconds />
            </>
          )}
          {grant.status === "issuing" && (grant.issueFailing ? "Issuing is failing on the target; Lapse keeps retrying." : "Being issued…")}
          {grant.revocationPending && "Your access has ended. Lapse is confirming the revocation on the target."}
        </p>
      </div>
      <div className="flex items-center gap-3">
        {grant.live && grant.expiresAt ? (
          <>
            <Badge tone="success">active</Badge>
            <span className="text-lg">
              <Countdown expiresAt={grant.expiresAt} skewMs={skewMs} onElapsed={onElapsed} />
            </span>
            <CredentialsButton grantId={grant.id} resourceName={item.resourceName} waiting={grant.credentialsWaiting} />
            <RelinquishButton grantId={grant.id} resourceName={item.resourceName} />
          </>
        ) : grant.revocationPending ? (
          <Badge tone="warning">ending</Badge>
        ) : (
          <GrantStatusBadge status={grant.status} />
        )}
      </div>
      {grant.live && grant.extension && (
        <div className="basis-full">
          <GrantExtension grantId={grant.id} resourceName={item.resourceName} extension={grant.extension} initiallyOpen={openExtension} />
        </div>
      )}
    </li>
  );
}

function PendingTable({ items }: { items: MyRequestView[] }) {
  return (
    <Table caption="Pending requests">
      <thead>
        <tr>
          <RequestHeaders />
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {items.map((item) => (
          <tr key={item.id} id={`request-${item.id}`} className="scroll-mt-4">
            <RequestCells item={item} />
            <Td className="text-right">
              <CancelButton requestId={item.id} label={`Cancel request for ${item.resourceName}`} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function CancelButton({ requestId, label }: { requestId: string; label: string }) {
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        variant="danger"
        size="sm"
        aria-label={label}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await cancelRequestAction(requestId);
            setError(result.status === "ok" ? null : result.message);
            await queryClient.invalidateQueries({ queryKey: MY_REQUESTS_KEY });
          })
        }
      >
        {pending ? "Cancelling…" : "Cancel"}
      </Button>
      <span aria-live="polite" className="text-xs text-red-700">
        {error}
      </span>
    </div>
  );
}

function HistoryTable({ items }: { items: MyRequestView[] }) {
  return (
    <Table caption="Request history">
      <thead>
        <tr>
          <RequestHeaders />
          <Th>Outcome</Th>
          <Th>Ended</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {items.map((item) => (
          <tr key={item.id} id={`request-${item.id}`} className="scroll-mt-4">
            <RequestCells item={item} />
            <Td>{item.grant ? <GrantStatusBadge status={item.grant.status} /> : <RequestStatusBadge status={item.status} />}</Td>
            <Td>
              {item.grant?.endedAt ? <LocalTime iso={item.grant.endedAt} /> : item.decidedAt ? <LocalTime iso={item.decidedAt} /> : "—"}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The columns both request tables start with. */
function RequestHeaders() {
  return (
    <>
      <Th>Resource</Th>
      <Th>Level</Th>
      <Th>Duration</Th>
      <Th>Requested</Th>
    </>
  );
}

function RequestCells({ item }: { item: MyRequestView }) {
  return (
    <>
      <Td className="font-medium text-slate-900">{item.resourceName}</Td>
      <Td>{item.accessLevel}</Td>
      <Td>{formatMinutes(item.durationMinutes)}</Td>
      <Td>
        <LocalTime iso={item.createdAt} />
      </Td>
    </>
  );
}
