// The filter every evidence report shares: a period (by the grant's creation), a resource,
// the resource's owner team, and the requester. Parsed from the query string leniently: an
// unusable value is dropped rather than failing the page, and what applied is shown back.
import { and, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { grants, resources, users } from "@/db/schema";

export interface ReportFilter {
  from: Date | null;
  to: Date | null;
  resourceId: string | null;
  teamId: string | null;
  requester: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Days are read as UTC midnights; `to` is inclusive of its whole day. */
export function parseReportFilter(params: Record<string, string | undefined>): ReportFilter {
  const day = (value: string | undefined, plusDays = 0) => {
    if (!value || !DAY.test(value)) return null;
    const date = new Date(`${value}T00:00:00.000Z`);
    if (Number.isNaN(date.getTime())) return null;
    return new Date(date.getTime() + plusDays * 86_400_000);
  };
  return {
    from: day(params.from),
    to: day(params.to, 1),
    resourceId: params.resource && UUID.test(params.resource) ? params.resource : null,
    teamId: params.team && UUID.test(params.team) ? params.team : null,
    requester: params.requester?.trim().toLowerCase().slice(0, 200) || null,
  };
}

/** The filter as query-string pairs, to carry it into links and exports. */
export function filterToParams(filter: ReportFilter): Record<string, string> {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return {
    ...(filter.from ? { from: day(filter.from) } : {}),
    ...(filter.to ? { to: day(new Date(filter.to.getTime() - 86_400_000)) } : {}),
    ...(filter.resourceId ? { resource: filter.resourceId } : {}),
    ...(filter.teamId ? { team: filter.teamId } : {}),
    ...(filter.requester ? { requester: filter.requester } : {}),
  };
}

/** SQL conditions on a query joining grants, resources and the principal (users). */
export function grantFilterConditions(filter: ReportFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.from) conditions.push(gte(grants.createdAt, filter.from));
  if (filter.to) conditions.push(lt(grants.createdAt, filter.to));
  if (filter.resourceId) conditions.push(eq(grants.resourceId, filter.resourceId));
  if (filter.teamId) conditions.push(eq(resources.ownerTeamId, filter.teamId));
  if (filter.requester) conditions.push(sql`lower(${users.email}) = ${filter.requester}`);
  return conditions.length ? and(...conditions) : undefined;
}
