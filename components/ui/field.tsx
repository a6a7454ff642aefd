import type { ReactNode } from "react";

/** Ids that tie a control to its hint and error text for screen readers. */
export function fieldAria(id: string, options: { hint?: boolean; errors?: string[] }) {
  const described = [options.hint && `${id}-hint`, `${id}-error`].filter(Boolean).join(" ");
  return { id, "aria-describedby": described, "aria-invalid": options.errors?.length ? true : undefined };
}

/** A labelled control with its hint and, beside it, its errors (announced as they appear). */
export function Field({
  id,
  label,
  hint,
  errors,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  errors?: string[];
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      <p id={`${id}-error`} aria-live="polite" className="text-sm text-red-700 empty:hidden">
        {errors?.join(" ")}
      </p>
    </div>
  );
}

export const controlClass =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 aria-[invalid=true]:ring-red-500 disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-400";
