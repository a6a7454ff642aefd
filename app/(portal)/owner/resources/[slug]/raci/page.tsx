import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { requirePageAccess } from "@/lib/auth/require-page";
import { getRaciPage } from "@/lib/raci/get-raci-page";
import { appDeps } from "@/lib/runtime/app-deps";
import { RaciGrid } from "./raci-grid";

export const metadata: Metadata = { title: "RACI" };

export default async function RaciPage({ params }: { params: Promise<{ slug: string }> }) {
  const actor = await requirePageAccess("owner.read");
  const { slug } = await params;
  const page = await getRaciPage(actor, slug, await appDeps());
  if (!page) notFound();
  return (
    <>
      <PageHeader
        title={`RACI: ${page.resource.name}`}
        description={
          <>
            Who is responsible, accountable, consulted and informed for each control activity.{" "}
            <Link href="/owner" className="text-indigo-700 underline">All resources</Link> ·{" "}
            <Link href={`/owner/resources/${page.resource.slug}/policy`} className="text-indigo-700 underline">Policy</Link> ·{" "}
            <Link href="/raci" className="text-indigo-700 underline">Organisation-wide view</Link>
          </>
        }
      />
      <Card title="Matrix">
        <RaciGrid page={page} />
      </Card>
    </>
  );
}
