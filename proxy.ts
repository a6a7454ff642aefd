// Every page but sign-in needs a session. This is only the first gate: pages, server
// actions and routes check the actor and their permissions again on the server.
import type { NextFetchEvent } from "next/server";
import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";

const requireSession = withAuth({ pages: { signIn: "/login" } });

export default function proxy(request: NextRequestWithAuth, event: NextFetchEvent) {
  return requireSession(request, event);
}

export const config = {
  // Left out: what machines call (/api/v1, /api/health, /.well-known), next-auth's own
  // routes, the sign-in page and static assets.
  matcher: ["/((?!api/v1|api/health|api/auth|\\.well-known|login|_next/static|_next/image|favicon\\.ico).*)"],
};
