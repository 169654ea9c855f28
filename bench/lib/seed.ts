// Seeds the API's database directly with SQL (insert … select …
// generate_series): realistic titles and descriptions built from word lists,
// some tags, due dates, priorities, a fifth of the tasks completed, and
// distinct creation times. Thousands of rows a second on either back-end.
import type { DbHandle } from "@todo/db";
import { sql } from "drizzle-orm";

const verbs = [
  "Review",
  "Write",
  "Call",
  "Email",
  "Plan",
  "Fix",
  "Buy",
  "Book",
  "Prepare",
  "Update",
  "Clean",
  "Pay",
  "Schedule",
  "Read",
  "Draft",
  "Submit",
];
const objects = [
  "the quarterly report",
  "dentist appointment",
  "groceries for the week",
  "team offsite agenda",
  "the Acme invoice",
  "tax return",
  "conference slides",
  "car insurance renewal",
  "birthday present for Sam",
  "blog post about caching",
  "leaking kitchen tap",
  "flights to Lisbon",
  "library books",
  "budget spreadsheet",
  "gym membership",
  "release notes",
  "onboarding checklist",
  "garden shed",
  "parents' anniversary dinner",
  "backup of the photo library",
  "client proposal",
  "bike service",
  "electricity bill",
  "hiring plan",
];
const details = [
  "Check the figures against last month before sending.",
  "Ask Priya whether the invoice number changed.",
  "Bring the paperwork and the insurance card.",
  "Needs two more reviewers from the platform team.",
  "Compare at least three quotes first.",
  "The deadline moved to Friday afternoon.",
  "Keep the receipt for the expense claim.",
  "Remember the discount code from the newsletter.",
  "Split the work into smaller steps and start with the hardest.",
  "Follow up if there is no answer by Thursday.",
  "Attach the signed contract and the latest invoice.",
  "Book a quiet room for an hour.",
  "Print two copies for the meeting.",
  "Use the new template from the shared drive.",
  "Pick up on the way home from work.",
  "Write down questions beforehand.",
  "Confirm the address and the time by email.",
  "Ask for a refund if the price went up.",
  "Share the draft with the team for comments.",
  "Set a reminder for next year.",
];

/** Word that search scenarios look for: in 1 title in 24 and 2 description sentences in 20. */
export const SEARCH_WORD = "invoice";

const textArray = (values: string[]) =>
  sql.raw(`array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(",")}]`);

/**
 * Gives each owner `perOwner` tasks; owner k's tasks differ from owner j's.
 * Creation times are spread backwards from now, one every 37 s.
 */
export async function seedTasks(handle: DbHandle, ownerIds: string[], perOwner: number): Promise<void> {
  // One statement per batch of owners keeps each insert under ~50,000 rows.
  const batch = Math.max(1, Math.floor(50_000 / perOwner));
  for (let start = 0; start < ownerIds.length; start += batch) {
    const owners = ownerIds.slice(start, start + batch).join(",");
    // Each owner's Inbox, where their tasks go (as the API makes it on first need).
    await handle.db.execute(sql`
      insert into lists (owner_id, name, is_inbox)
      select owner_id, 'Inbox', true from unnest(string_to_array(${owners}, ',')) as owner_id
      on conflict do nothing`);
    await handle.db.execute(sql`
      insert into tasks (owner_id, list_id, title, description, completed, priority, due_at, due_date, tags,
                         created_at, updated_at, completed_at, version)
      select o.owner_id, l.id,
             w.verbs[1 + (i * 7 + o.k::int) % cardinality(w.verbs)] || ' '
               || w.objects[1 + (i * 13 + o.k::int * 5) % cardinality(w.objects)],
             case when i % 4 = 3 then null
                  else w.details[1 + (i * 11 + o.k::int) % cardinality(w.details)] || ' '
                       || w.details[1 + (i * 17 + 3) % cardinality(w.details)] end,
             i % 5 = 0,
             (enum_range(null::task_priority))[1 + (i * 3 + o.k::int) % 4],
             d.due_at,
             (d.due_at at time zone 'UTC')::date,
             case i % 6 when 0 then '{}'::text[] when 1 then array['work'] when 2 then array['home', 'errands']
                        when 3 then array['work', 'urgent'] when 4 then array['personal'] else array['finance'] end,
             t.created, t.created,
             case when i % 5 = 0 then t.created + interval '1 hour' end,
             1 + i % 3
      from unnest(string_to_array(${owners}, ',')) with ordinality as o(owner_id, k)
      join lists l on l.owner_id = o.owner_id and l.is_inbox
      cross join generate_series(1, ${perOwner}::int) as i
      cross join lateral (
        select case when i % 3 = 0 then null
                    else date_trunc('hour', now()) + ((i * 37) % 90 - 30) * interval '1 day' end as due_at
      ) as d
      cross join lateral (
        select now() - (${perOwner}::int - i) * interval '37 seconds' - o.k * interval '1 millisecond' as created
      ) as t
      cross join (select ${textArray(verbs)} as verbs, ${textArray(objects)} as objects,
                         ${textArray(details)} as details) as w`);
  }
  // What autovacuum soon does on a live database: statistics for the planner,
  // and the GIN pending lists flushed into the search indexes.
  await handle.db.execute(sql`vacuum analyze tasks`);
}

/** Up to `perOwner` task ids of each owner, for the PATCH scenario. */
export async function taskIdsByOwner(
  handle: DbHandle,
  ownerIds: string[],
  perOwner: number,
): Promise<Map<string, string[]>> {
  const result = await handle.db.execute(sql`
    select owner_id, id from (
      select owner_id, id, row_number() over (partition by owner_id order by created_at) as n
      from tasks where owner_id = any(string_to_array(${ownerIds.join(",")}, ','))
    ) as numbered where n <= ${perOwner}::int`);
  const rows = (result as unknown as { rows: { owner_id: string; id: string }[] }).rows;
  const ids = new Map<string, string[]>();
  for (const row of rows) {
    const list = ids.get(row.owner_id) ?? [];
    list.push(row.id);
    ids.set(row.owner_id, list);
  }
  return ids;
}

/** How many of the owner's tasks the search scenario's `q=` matches. */
export async function countMatches(handle: DbHandle, ownerId: string, word: string): Promise<number> {
  const result = await handle.db.execute(sql`
    select count(*)::int as n from tasks
    where owner_id = ${ownerId} and (title ilike ${`%${word}%`} or description ilike ${`%${word}%`})`);
  return (result as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0;
}
