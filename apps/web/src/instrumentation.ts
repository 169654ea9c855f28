// Runs once when a Next.js server starts, before it handles any request:
// checks the settings and applies the auth migrations, so a bad setting stops
// the server with one clear line and the first request finds its tables.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startWebServer } = await import("./lib/startup.server");
  await startWebServer();
}
