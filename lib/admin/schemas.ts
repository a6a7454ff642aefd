// The shape of each admin input, shared by the server actions and the service functions.
import { z } from "zod";
import { ROLES, TEAM_FUNCTIONS } from "@/db/enums";

const unique = <T extends string>(values: T[]) => [...new Set(values)].sort();

const userId = z.uuid({ error: "Unknown user." });
const roles = z.array(z.enum(ROLES, { error: "Unknown role." })).max(ROLES.length).transform(unique);
const teamIds = z.array(z.uuid({ error: "Unknown team." })).max(500, "Too many teams.").transform(unique);

export const createUserInput = z.object({
  // Stored in lower case: principals are written `user:<email>` and sign-in ignores case.
  email: z
    .string({ error: "Enter an email address." })
    .trim()
    .toLowerCase()
    .min(1, "Enter an email address.")
    .max(320, "The email address is too long.")
    .pipe(z.email({ error: "Enter a valid email address." })),
  name: z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(200, "Keep the name under 200 characters."),
  roles: roles.default([]),
  teamIds: teamIds.default([]),
});
// Inputs arrive as strings from forms; the schemas decide what they may be.
export interface CreateUserInput {
  email: string;
  name: string;
  roles?: readonly string[];
  teamIds?: readonly string[];
}

export const setUserRolesInput = z.object({ userId, roles });
export interface SetUserRolesInput {
  userId: string;
  roles: readonly string[];
}

export const setUserTeamsInput = z.object({ userId, teamIds });
export interface SetUserTeamsInput {
  userId: string;
  teamIds: readonly string[];
}

export const userIdInput = z.object({ userId });
export interface UserIdInput {
  userId: string;
}

const teamFields = {
  name: z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(100, "Keep the name under 100 characters."),
  slug: z
    .string({ error: "Enter a slug." })
    .trim()
    .toLowerCase()
    .min(2, "Use at least 2 characters.")
    .max(40, "Use at most 40 characters.")
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens, such as platform-eng."),
  function: z.enum(TEAM_FUNCTIONS, { error: "Choose a function." }),
};

export const createTeamInput = z.object(teamFields);
export interface CreateTeamInput {
  name: string;
  slug: string;
  function: string;
}

export const updateTeamInput = z.object({ teamId: z.uuid({ error: "Unknown team." }), ...teamFields });
export interface UpdateTeamInput extends CreateTeamInput {
  teamId: string;
}

/** For ids taken from a URL: anything that is not a UUID names nothing (and must not reach SQL). */
export const isUuid = (value: string) => z.uuid().safeParse(value).success;
