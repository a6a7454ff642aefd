import "server-only";
// Who may ask the introspection endpoint: a resource server holding the shared secret in
// LAPSE_INTROSPECTION_SECRET (at least 32 characters), sent as `Authorization: Bearer <secret>`
// or as the password of HTTP Basic. Without the variable the endpoint answers nobody.
import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value).digest();

export function introspectionCallerAllowed(authorization: string | null): boolean {
  const secret = process.env.LAPSE_INTROSPECTION_SECRET;
  if (!secret || secret.length < 32 || !authorization) return false;
  let presented: string | undefined;
  const [scheme, value] = authorization.split(" ", 2);
  if (scheme?.toLowerCase() === "bearer") presented = value;
  if (scheme?.toLowerCase() === "basic" && value) {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    presented = decoded.slice(decoded.indexOf(":") + 1);
  }
  // Compare digests so the comparison takes the same time whatever the lengths.
  return presented !== undefined && timingSafeEqual(digest(presented), digest(secret));
}
