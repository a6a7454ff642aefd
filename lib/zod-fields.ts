// Small zod pieces several input schemas share.
import { z } from "zod";

/** A checkbox: true from a JSON boolean or the strings a form sends ("on", "true"); anything else is false. */
export const checkbox = z
  .union([z.boolean(), z.string().max(10)])
  .optional()
  .transform((value) => value === true || value === "on" || value === "true");
