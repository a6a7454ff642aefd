import { redirect } from "next/navigation";
import { pagesFor } from "@/lib/auth/navigation";
import { requireActor } from "@/lib/auth/require-actor";

// Everyone lands on the first page their roles open.
export default async function Home() {
  const actor = await requireActor();
  redirect(pagesFor(actor)[0]?.href ?? "/no-access");
}
