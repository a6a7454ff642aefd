import { describe, expect, it } from "vitest";
import { ServiceError } from "@/lib/errors";
import type { UserActor, WorkloadActor } from "./actor";
import { isRecentlyAuthenticated, requireRecentAuthentication } from "./require-recent-authentication";

const NOW = new Date("2026-06-01T12:00:00Z");
const WINDOW = 10 * 60_000;
const person = (authenticatedAt: Date | null): UserActor => ({ kind: "user", id: "u", email: "u@x", name: "U", roles: ["approver"], teamIds: [], authenticatedAt });
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const codeOf = (run: () => void) => {
  try {
    run();
    return "passed";
  } catch (error) {
    return error instanceof ServiceError ? error.code : String(error);
  }
};

describe("requireRecentAuthentication", () => {
  it("passes within the window and asks for a step-up from its end on", () => {
    expect(codeOf(() => requireRecentAuthentication(person(minutesAgo(0)), NOW, WINDOW))).toBe("passed");
    expect(codeOf(() => requireRecentAuthentication(person(minutesAgo(9.99)), NOW, WINDOW))).toBe("passed");
    expect(codeOf(() => requireRecentAuthentication(person(minutesAgo(10)), NOW, WINDOW))).toBe("step_up_required");
    expect(codeOf(() => requireRecentAuthentication(person(minutesAgo(600)), NOW, WINDOW))).toBe("step_up_required");
  });

  it("treats no sign-in behind the call (an API token) as never recent", () => {
    expect(isRecentlyAuthenticated(null, NOW, WINDOW)).toBe(false);
    expect(codeOf(() => requireRecentAuthentication(person(null), NOW, WINDOW))).toBe("step_up_required");
  });

  it("accepts a time slightly ahead of the clock (another instance's)", () => {
    expect(isRecentlyAuthenticated(new Date(NOW.getTime() + 2000), NOW, WINDOW)).toBe(true);
  });

  it("refuses a workload outright: it has no sign-in to repeat", () => {
    const workload: WorkloadActor = { kind: "workload", id: "w", workloadId: "wid", name: "ci", email: "ci@w", roles: [], teamIds: [], ownerTeamId: "t", mayCheckAccess: false, claims: {}, via: "oidc" };
    expect(codeOf(() => requireRecentAuthentication(workload, NOW, WINDOW))).toBe("forbidden");
  });
});
