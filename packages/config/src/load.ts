// One way to read a service's settings: the variables its schema names, with
// surrounding spaces trimmed and "" taken as unset, checked all at once.
// Anything wrong stops start-up with one line listing every problem:
//   api: invalid settings: API_PORT must be a port number (0-65535); DATABASE_URL must be …
import type { z } from "zod";

export type ConfigSource = Record<string, string | undefined>;

/** Bad settings. Its message is the one line a service prints before exiting. */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly service: string;
  /** One per variable, each starting with the variable's name. */
  readonly problems: readonly string[];

  constructor(service: string, problems: readonly string[]) {
    // One line, whatever a problem's text carries (a driver's or the OS's message).
    const lines = problems.map((problem) => problem.replace(/\s+/g, " ").trim());
    super(`${service}: invalid settings: ${lines.join("; ")}`);
    this.service = service;
    this.problems = lines;
  }
}

/**
 * Parses the variables `schema` names from `source` (process.env, or a test's
 * object). Empty values count as unset, so `DATABASE_URL=` in a .env file means
 * "use the embedded database" and `API_PORT=` means the default port. Throws a
 * `ConfigError` naming every bad variable, never just the first.
 */
export function loadConfig<Schema extends z.ZodObject>(
  schema: Schema,
  source: ConfigSource,
  { service }: { service: string },
): z.output<Schema> {
  const input: Record<string, string> = {};
  for (const name of Object.keys(schema.shape)) {
    const value = source[name]?.trim();
    if (value) input[name] = value;
  }
  // The field parsers phrase their own messages; anything else Zod finds reads "NAME is invalid".
  const result = schema.safeParse(input, { error: () => "is invalid" });
  if (result.success) return result.data;

  const problems = new Map<string, string>();
  for (const issue of result.error.issues) {
    const name = issue.path.map(String).join(".");
    // The first problem per variable is the one worth reading.
    if (!problems.has(name)) problems.set(name, name ? `${name} ${issue.message}` : issue.message);
  }
  throw new ConfigError(service, [...problems.values()]);
}
