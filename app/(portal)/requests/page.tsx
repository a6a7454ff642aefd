import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { requirePageAccess } from "@/lib/auth/require-page";
import { listMyRequests } from "@/lib/requests/list-my-requests";
import { listRequestableResources } from "@/lib/resources/list-requestable-resources";
import { appDeps } from "@/lib/runtime/app-deps";
import { MyRequestsBoard } from "./my-requests-board";
import { RequestForm } from "./request-form";

export const metadata: Metadata = { title: "My access" };

export default async function RequestsPage({ searchParams }: { searchParams: Promise<{ extend?: string | string[] }> }) {
  const { extend } = await searchParams;
  const actor = await requirePageAccess("request.read-own");
  const deps = await appDeps();
  const [resources, mine] = await Promise.all([
    can(actor, "request.create") ? listRequestableResources(actor, deps) : Promise.resolve([]),
    listMyRequests(actor, deps),
  ]);
  return (
    <>
      <PageHeader title="My access" description="Ask for time-boxed access, follow your requests, and see what you hold." />
      <Card title="Request access">
        <RequestForm resources={resources} />
      </Card>
      <MyRequestsBoard initial={mine} extendGrantId={typeof extend === "string" ? extend : undefined} />
    </>
  );
}
