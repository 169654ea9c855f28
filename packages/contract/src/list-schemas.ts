// The list and settings shapes of the planner (SPEC §7), beside the task
// schemas: the API validates with them and documents them; the web app takes
// its types from them.
import { z } from "zod";
import { LIST_NAME_MAX } from "./limits";
import { listColors } from "./vocabulary";

const noNul = (s: string) => !s.includes("\u0000");
const Name = z.string().trim().min(1).max(LIST_NAME_MAX).refine(noNul, "must not contain NUL characters");
const Color = z.enum(listColors);
const Instant = z.iso.datetime({ offset: true });

export const ListSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    color: Color,
    position: z.int(),
    isInbox: z.boolean(),
    archived: z.boolean(),
    openTaskCount: z.int().min(0).meta({ description: "Tasks of the list not completed yet" }),
    createdAt: Instant,
    updatedAt: Instant,
    version: z.int().min(1),
  })
  .meta({ id: "List" });
export type List = z.infer<typeof ListSchema>;

export const ListCollectionSchema = z.object({ items: z.array(ListSchema) }).meta({ id: "ListCollection" });

const Position = z.int().min(-1_000_000).max(1_000_000);

export const ListInputSchema = z
  .strictObject({
    name: Name,
    color: Color.optional(),
    position: Position.optional().meta({
      description: "Order in the sidebar; after your last list unless given",
    }),
  })
  .meta({ id: "ListInput" });
export type ListInput = z.output<typeof ListInputSchema>;

export const ListPatchSchema = z
  .strictObject({
    name: Name.optional(),
    color: Color.optional(),
    position: Position.optional(),
    archived: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, "must change at least one field")
  .meta({ id: "ListPatch" });
export type ListPatch = z.output<typeof ListPatchSchema>;

/**
 * An IANA time zone name that this runtime knows (`Europe/Berlin`, `UTC`).
 * Offsets such as `+01:00` are refused: they do not follow daylight saving.
 */
export function isTimeZoneName(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const TimeZone = z
  .string()
  .max(64)
  .refine(isTimeZoneName, "is not a time zone name (IANA, e.g. Europe/Berlin)");

export const MeSchema = z
  .object({
    id: z.string(),
    email: z.string().optional(),
    name: z.string().optional(),
    timeZone: z.string().meta({ description: 'Your IANA time zone; "today" means today there' }),
  })
  .meta({ id: "Me" });
export type Me = z.infer<typeof MeSchema>;

export const MePatchSchema = z.strictObject({ timeZone: TimeZone }).meta({ id: "MePatch" });
