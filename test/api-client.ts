// Calling /api/v1 in integration tests: a real Request through the same pipeline the route uses.
import { handleApiRequest, type ApiDeps } from "@/lib/api/handle-api-request";

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: Record<string, any>;
}

export function apiClient(deps: () => ApiDeps) {
  return async function api(method: "GET" | "POST" | "PUT", path: string, options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<ApiAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined || options.rawBody !== undefined) headers["content-type"] = "application/json";
    const response = await handleApiRequest(
      new Request(`http://lapse.test/api/v1${path}`, { method, headers, body: options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined) }),
      deps(),
    );
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
  };
}
