import { redirect } from "next/navigation";
import { homeFor } from "@/lib/auth/navigation";
import { requireActor } from "@/lib/auth/require-actor";

// Everyone lands on their role's home page (DESIGN §1).
export default async function Home() {
  const actor = await requireActor();
  redirect(homeFor(actor));
}
