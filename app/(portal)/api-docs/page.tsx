import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { describeSchema } from "@/lib/api/describe-schema";
import { API_ENDPOINTS } from "@/lib/api/endpoints";
import { buildOpenApi } from "@/lib/api/openapi";
import { requireActor } from "@/lib/auth/require-actor";

export const metadata: Metadata = { title: "API documentation" };

// Rendered from the same OpenAPI document /api/v1/openapi.json serves, so the two agree.
export default async function ApiDocsPage() {
  await requireActor();
  const doc = buildOpenApi(API_ENDPOINTS, "/api/v1");
  const components = doc.components.schemas as Record<string, Record<string, any>>;
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Record<string, any>>).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
  return (
    <>
      <PageHeader
        title="Lapse API"
        description={
          <>
            OpenAPI 3.1 at <Link href="/api/v1/openapi.json" className="font-mono text-indigo-700 underline">/api/v1/openapi.json</Link>. Send{" "}
            <code>Authorization: Bearer</code> with a <Link href="/profile" className="text-indigo-700 underline">personal API token</Link>, a workload API key, or a
            workload&apos;s OIDC token. Durations are ISO 8601 (<code>PT15M</code>); errors are <code>application/problem+json</code> with a stable{" "}
            <code>type</code>; POSTs accept an <code>Idempotency-Key</code>; calls are rate-limited per principal (429 with Retry-After).
          </>
        }
      />
      <Card title="Command line" description="The lapse CLI calls this API: npx lapse request --resource <slug> --level read --duration PT15M --reason '…' --dotenv $GITHUB_ENV">
        <pre className="overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">
          {`LAPSE_URL=https://lapse.example.com LAPSE_TOKEN=lapse_pat_… npx lapse status
npx lapse request --resource ci-deploy-role --level deploy --duration PT15M --reason "release 1.2" --dotenv "$GITHUB_ENV"
npx lapse relinquish --grant <id>`}
        </pre>
      </Card>
      {operations.map(({ path, method, op }) => {
        const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
        const bodyRows = bodySchema ? describeSchema(bodySchema, components) : [];
        return (
          <Card key={`${method} ${path}`} id={op.operationId} title={`${method} /api/v1${path}`} description={op.summary}>
            <div className="space-y-4">
              <p className="text-xs text-slate-500">
                <Badge tone={method === "GET" ? "info" : "success"}>{method}</Badge> operation <code>{op.operationId}</code> · tag {op.tags.join(", ")}
              </p>
              {op.parameters.length > 0 && (
                <Table caption={`Parameters of ${op.operationId}`}>
                  <thead>
                    <tr>
                      <Th>Parameter</Th>
                      <Th>In</Th>
                      <Th>Required</Th>
                      <Th>Notes</Th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {op.parameters.map((p: Record<string, any>) => (
                      <tr key={`${p.in}-${p.name}`}>
                        <Td className="font-mono text-xs">{p.name}</Td>
                        <Td>{p.in}</Td>
                        <Td>{p.required ? "yes" : "no"}</Td>
                        <Td className="text-xs">{p.description ?? p.schema?.format ?? ""}</Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              )}
              {bodyRows.length > 0 && (
                <Table caption={`Request body of ${op.operationId}`}>
                  <thead>
                    <tr>
                      <Th>Body field</Th>
                      <Th>Type</Th>
                      <Th>Required</Th>
                      <Th>Notes</Th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {bodyRows.map((row) => (
                      <tr key={row.field}>
                        <Td className="font-mono text-xs">{row.field}</Td>
                        <Td className="font-mono text-xs">{row.type}</Td>
                        <Td>{row.required ? "yes" : "no"}</Td>
                        <Td className="text-xs">{row.notes}</Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              )}
              <Table caption={`Responses of ${op.operationId}`}>
                <thead>
                  <tr>
                    <Th>Status</Th>
                    <Th>Meaning</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {Object.entries(op.responses as Record<string, { description: string }>).map(([status, response]) => (
                    <tr key={status}>
                      <Td className="font-mono text-xs">{status}</Td>
                      <Td className="text-xs">{response.description}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          </Card>
        );
      })}
    </>
  );
}
