"use client";
// Users | Teams | Workloads | Connectors within the admin area.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

const SECTIONS = [
  { href: "/admin", label: "Users", matches: (path: string) => path === "/admin" || path.startsWith("/admin/users") },
  { href: "/admin/teams", label: "Teams", matches: (path: string) => path.startsWith("/admin/teams") },
  { href: "/admin/workloads", label: "Workloads", matches: (path: string) => path.startsWith("/admin/workloads") },
  { href: "/admin/connectors", label: "Connectors", matches: (path: string) => path.startsWith("/admin/connectors") },
];

export function AdminNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Admin sections" className="border-b border-slate-200">
      <ul className="-mb-px flex gap-4">
        {SECTIONS.map((section) => {
          const current = section.matches(pathname);
          return (
            <li key={section.href}>
              <Link
                href={section.href}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "inline-block border-b-2 px-1 pb-2 text-sm font-medium",
                  current ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900",
                )}
              >
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
