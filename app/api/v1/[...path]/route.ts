// Every /api/v1 operation (but /introspect, which has its own route) goes through one
// pipeline: lib/api/handle-api-request.ts. The operations themselves are in lib/api/endpoints.
import { handleApiRequest } from "@/lib/api/handle-api-request";
import { appDeps } from "@/lib/runtime/app-deps";

export const dynamic = "force-dynamic";

const serve = async (request: Request) => handleApiRequest(request, await appDeps());

export const GET = serve;
export const POST = serve;
