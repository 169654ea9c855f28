// What each OAuth scope lets a connected app do, in the words the consent
// page and /account show (SPEC §11). A scope missing here is shown by name,
// never hidden.
const descriptions: Record<string, string> = {
  tasks: "See, add, change, complete and delete your tasks, and see your lists",
  offline_access: "Stay connected until you revoke it here, without asking you again",
  openid: "Know your account id",
  profile: "See your name",
  email: "See your email address",
};

export function describeScopes(scopes: readonly string[]): string[] {
  const wanted = scopes.length > 0 ? scopes : ["tasks"];
  return [...new Set(wanted)].map((scope) => descriptions[scope] ?? `Use the "${scope}" permission`);
}

/** An app with an access token for the MCP server can use the tools, whatever else it asked for. */
export function describeGrant(scopes: readonly string[]): string[] {
  return describeScopes(scopes.includes("tasks") ? scopes : ["tasks", ...scopes]);
}
