// How a holder or requester is shown in evidence: a person by email, a workload identity as
// workload:<name> (its principal row's name), never by the placeholder email of that row.
import { sql } from "drizzle-orm";
import { users } from "@/db/schema";

export const principalLabel = sql<string>`case when ${users.kind} = 'workload' then ${users.name} else ${users.email} end`;
