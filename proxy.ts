// Runs before every page. It gives each response a Content-Security-Policy with a fresh
// nonce, and sends people without a session to sign in. That is only the first gate: pages,
// server actions and routes check the actor and their permissions again on the server.
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { sessionCookieName } from "@/lib/auth/session-cookies";
import { contentSecurityPolicy, HSTS, makeNonce, servedOverHttps } from "@/lib/http/security-headers";

function withSecurityHeaders(request: NextRequest): NextResponse {
  const nonce = makeNonce();
  const policy = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  // Next reads the nonce from the request's policy and puts it on the scripts it renders.
  requestHeaders.set("content-security-policy", policy);
  requestHeaders.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  if (servedOverHttps(request.nextUrl, request.headers.get("x-forwarded-proto"))) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

const requireSession = withAuth((request) => withSecurityHeaders(request), { pages: { signIn: "/login" }, cookies: { sessionToken: { name: sessionCookieName() } } });

export default function proxy(request: NextRequestWithAuth, event: NextFetchEvent) {
  if (request.nextUrl.pathname === "/login") return withSecurityHeaders(request);
  return requireSession(request, event);
}

export const config = {
  // Left out: what machines call (/api/v1, /api/health, /.well-known), next-auth's own
  // routes and static assets.
  matcher: ["/((?!api/v1|api/health|api/auth|\\.well-known|_next/static|_next/image|favicon\\.ico).*)"],
};
