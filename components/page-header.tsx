import type { ReactNode } from "react";

export function PageHeader({ title, description }: { title: string; description: ReactNode }) {
  return (
    <div>
      <h1 className="text-2xl font-semibold text-slate-900">{title}</h1>
      <p className="mt-1 text-sm text-slate-500">{description}</p>
    </div>
  );
}
