// The client's address as the nearest proxy reports it (first X-Forwarded-For hop, then
// X-Real-IP). Used only to count failed sign-ins per address; a client talking to Lapse
// directly can claim any address, which is why the per-account limit does not rely on it.
export const UNKNOWN_ADDRESS = "unknown";

export function clientAddress(headers: Record<string, string | string[] | undefined> | Headers): string {
  const read = (name: string) => {
    const value = headers instanceof Headers ? headers.get(name) : headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const forwarded = read("x-forwarded-for")?.split(",")[0]?.trim();
  return (forwarded || read("x-real-ip")?.trim() || UNKNOWN_ADDRESS).slice(0, 100);
}
