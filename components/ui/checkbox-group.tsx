import type { ReactNode } from "react";

/**
 * A set of checkboxes under one legend, with its hint and errors announced like a field's.
 * Submits every checked value under `name`.
 */
export function CheckboxGroup({
  name,
  legend,
  hint,
  errors,
  options,
  defaultChecked,
  disabled,
  scroll,
}: {
  name: string;
  legend: string;
  hint?: ReactNode;
  errors?: string[];
  options: { value: string; label: string; detail?: string }[];
  defaultChecked: readonly string[];
  disabled?: boolean;
  /** Long lists scroll inside a box instead of stretching the form. */
  scroll?: boolean;
}) {
  return (
    <fieldset aria-describedby={[hint && `${name}-hint`, `${name}-error`].filter(Boolean).join(" ")} disabled={disabled} className="space-y-1 disabled:opacity-60">
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      {hint && (
        <p id={`${name}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      <div className={scroll ? "max-h-44 overflow-y-auto rounded-md p-2 ring-1 ring-inset ring-slate-200" : undefined}>
        <div className="grid gap-x-4 gap-y-1 sm:grid-cols-2">
          {options.map((option) => (
            <label key={option.value} className="flex items-start gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                name={name}
                value={option.value}
                defaultChecked={defaultChecked.includes(option.value)}
                className="mt-0.5 size-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
              />
              <span>
                {option.label}
                {option.detail && <span className="block text-xs text-slate-500">{option.detail}</span>}
              </span>
            </label>
          ))}
          {options.length === 0 && <p className="text-sm text-slate-500">None to choose from.</p>}
        </div>
      </div>
      <p id={`${name}-error`} aria-live="polite" className="text-sm text-red-700 empty:hidden">
        {errors?.join(" ")}
      </p>
    </fieldset>
  );
}
