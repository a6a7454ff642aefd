"use client";
// Shown beside a refusal that asks for a step-up: a link to "Confirm it's you" that comes back here.
import Link from "next/link";
import { usePathname } from "next/navigation";

export function StepUpLink() {
  const here = usePathname() || "/";
  return (
    <Link href={`/confirm?next=${encodeURIComponent(here)}`} className="ml-1 font-medium underline">
      Confirm it&apos;s you
    </Link>
  );
}
