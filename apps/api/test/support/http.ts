import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serves a fetch handler over real HTTP on a free loopback port. */
export async function listen(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<RunningServer> {
  const server = createAdaptorServer({ fetch });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
