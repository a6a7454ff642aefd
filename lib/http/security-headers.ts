// The headers every page is served with. Scripts run only with this response's nonce (Next
// puts it on its own scripts when it finds it in the request's policy), and 'strict-dynamic'
// lets those load the app's chunks; nothing else executes, inline or from elsewhere. Styles
// allow inline attributes because charts position elements with style="…"; a style cannot
// run code.
export function contentSecurityPolicy(nonce: string, options: { dev: boolean }): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code for its debugging aids; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A fresh, unguessable nonce per response (128 bits). */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** HSTS only where the browser reached us over HTTPS (directly or through a proxy that says so). */
export function servedOverHttps(url: URL, forwardedProto: string | null): boolean {
  return url.protocol === "https:" || forwardedProto?.split(",")[0].trim() === "https";
}

export const HSTS = "max-age=63072000; includeSubDomains";
