// Runs once in a Next.js server process before it handles its first request:
// checks the settings and applies the auth migrations, so a bad setting stops
// the server with one clear line and the first request finds its tables.
// The production server (server.ts) has done all of this before listening,
// which makes this a no-op there; it matters for `next dev` and `next start`.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startWebServer } = await import("./lib/startup.server");
  await startWebServer();
}
