import "server-only";
// /api/v1/grants: your grants, extend one (a new decision under the policy), give one back.
import type { z } from "zod";
import { requestExtension } from "@/lib/extensions/request-extension";
import { relinquishGrant } from "@/lib/grants/revoke-grant";
import { revealGrantCredentials } from "@/lib/grants/reveal-grant-credentials";
import { principalOf } from "@/lib/auth/actor";
import { resources } from "@/db/schema";
import { eq } from "drizzle-orm";
import { defineEndpoint, type ApiCall } from "../endpoint";
import { listOwnGrants } from "../read-own";
import { credentialsResponse, emptyBody, endedGrantResponse, extendBody, extensionResponse, grantListResponse, grantsQuery } from "../schemas";
import { grantView } from "../views";

export const listGrantsEndpoint = defineEndpoint({
  operationId: "listGrants",
  method: "GET",
  path: "/grants",
  summary: "Your grants, newest first; ?live=true for those giving access now.",
  tag: "grants",
  query: grantsQuery,
  response: grantListResponse,
  run: async ({ actor, deps, query }: ApiCall<unknown, z.output<typeof grantsQuery>>) => ({ grants: await listOwnGrants(actor, { live: query.live === "true" }, deps) }),
});

export const extendGrantEndpoint = defineEndpoint({
  operationId: "extendGrant",
  method: "POST",
  path: "/grants/{id}/extend",
  summary: "Ask for more time on a live grant; approved at once under an automatic rule, else it waits for a decision.",
  tag: "grants",
  body: extendBody,
  response: extensionResponse,
  fieldNames: { minutes: "duration" },
  async run({ actor, deps, params, body }: ApiCall<z.output<typeof extendBody>, unknown>) {
    const { extension, grant } = await requestExtension(actor, { grantId: params.id, minutes: body.duration, justification: body.justification }, deps);
    const [resource] = await deps.db.select({ id: resources.id, slug: resources.slug, name: resources.name }).from(resources).where(eq(resources.id, grant.resourceId));
    return { extensionId: extension.id, status: extension.status, grant: grantView(grant, resource, principalOf(actor), deps.clock()) };
  },
});

export const relinquishGrantEndpoint = defineEndpoint({
  operationId: "relinquishGrant",
  method: "POST",
  path: "/grants/{id}/relinquish",
  summary: "Give a grant back early: access ends at once.",
  tag: "grants",
  body: emptyBody,
  response: endedGrantResponse,
  run: ({ actor, deps, params }) => relinquishGrant(actor, { grantId: params.id }, deps),
});

export const revealCredentialsEndpoint = defineEndpoint({
  operationId: "revealGrantCredentials",
  method: "POST",
  path: "/grants/{id}/credentials",
  summary: "The credentials the grant's connector made (a database login, a token), once: they are deleted as they are read. 404 when there are none.",
  tag: "grants",
  body: emptyBody,
  response: credentialsResponse,
  secretAnswer: true,
  run: async ({ actor, deps, params }) => ({ credentials: await revealGrantCredentials(actor, { grantId: params.id }, deps) }),
});
