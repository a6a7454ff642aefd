import { describe, expect, it } from "vitest";
import { GRANT_STATUSES, REQUEST_STATUSES } from "@/db/schema";
import { canMoveGrant, canMoveRequest, isTerminalRequest } from "./transitions";

describe("lifecycle transitions", () => {
  it("decides, cancels and times out only pending requests", () => {
    for (const status of REQUEST_STATUSES) {
      for (const t of ["approve", "deny", "cancel", "timeOut"] as const) {
        expect(canMoveRequest(status, t), `${t} from ${status}`).toBe(status === "pending");
      }
    }
  });

  it("treats every decided request as final", () => {
    expect(REQUEST_STATUSES.filter(isTerminalRequest)).toEqual(["approved", "denied", "cancelled", "timed_out"]);
  });

  it("activates only issuing grants and ends only active ones", () => {
    expect(GRANT_STATUSES.filter((s) => canMoveGrant(s, "issue"))).toEqual(["issuing"]);
    expect(GRANT_STATUSES.filter((s) => canMoveGrant(s, "expire"))).toEqual(["active"]);
    expect(GRANT_STATUSES.filter((s) => canMoveGrant(s, "revoke"))).toEqual(["issuing", "active"]);
  });
});
