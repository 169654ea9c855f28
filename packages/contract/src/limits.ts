// Every limit of the product, once. The API's schemas, the database layer,
// Better Auth's configuration and the web app's inputs read them from here,
// so a limit cannot be raised in one place and still refused in another.
// Plain numbers, no imports: safe for the browser bundle.

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 2000;
export const TAG_MAX = 32;
export const TAGS_PER_TASK_MAX = 20;
/**
 * A substring search costs about len(text) × len(q) per candidate row, and a
 * user can craft tasks that keep every row a candidate: 200 characters let
 * one search hold the embedded database for 240 ms per 400 such tasks, 50 for
 * 83 ms (`npm run bench:search`). Nobody types a 50-character search.
 */
export const SEARCH_MAX = 50;
export const PAGE_SIZE_MAX = 100;
export const PAGE_SIZE_DEFAULT = 50;
/** Longer than any cursor the API makes. */
export const CURSOR_MAX = 1000;
/** How many tasks one account may keep: a bound on what one user can make the database hold. */
export const TASKS_PER_OWNER_MAX = 10_000;
/** The API refuses larger request bodies with 413. */
export const API_BODY_MAX_BYTES = 64 * 1024;

/** The longest name, in UTF-16 code units (what an input's maxLength counts). */
export const NAME_MAX = 100;
export const EMAIL_MAX = 254;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** A list's name, in UTF-16 code units. */
export const LIST_NAME_MAX = 100;
/** How many lists one account may keep (archived ones count). */
export const LISTS_PER_OWNER_MAX = 300;
/** The longest quick-add text: a title plus the words it is parsed from. */
export const QUICK_ADD_MAX = 500;
/** The longest RRULE body a task may carry, and its human description. */
export const RECURRENCE_RULE_MAX = 200;
export const RECURRENCE_TEXT_MAX = 200;
/** A push service's endpoint URL: browsers' are a few hundred characters. */
export const PUSH_ENDPOINT_MAX = 2048;
/** Push subscriptions per account: a few devices and browsers each, not a fan-out the server pays for. */
export const PUSH_SUBSCRIPTIONS_PER_OWNER_MAX = 20;
/** POST /api/import: the one route whose body may be larger than API_BODY_MAX_BYTES. */
export const IMPORT_BODY_MAX_BYTES = 5 * 1024 * 1024;
/** Reminders one imported task may carry (an export never has more). */
export const IMPORT_REMINDERS_PER_TASK_MAX = 20;
/** Reminders per task, and the furthest ahead of its due one may be (minutes: a week). */
export const REMINDERS_PER_TASK_MAX = 5;
export const REMINDER_BEFORE_MAX = 10_080;
