// A TCP proxy between the API and PostgreSQL that a test can break the way
// networks and servers break: `cut` is a database that went away
// (connections reset, new ones refused), `blackHole` a network that silently
// stops delivering (connections hang), `restore` brings it back.
import net from "node:net";

export interface TcpProxy {
  /** Connection string for the same database through the proxy. */
  url: string;
  cut(): Promise<void>;
  blackHole(): void;
  restore(): Promise<void>;
  /** Connections opened through the proxy so far. */
  connections(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(databaseUrl: string): Promise<TcpProxy> {
  const target = new URL(databaseUrl);
  const targetPort = Number(target.port || 5432);
  const sockets = new Set<net.Socket>();
  const stranded = new Set<net.Socket>();
  let holding = false;
  let opened = 0;

  const server = net.createServer((client) => {
    opened++;
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    if (holding) {
      // Accepted, then nothing: the caller's connect timeout has to notice.
      stranded.add(client);
      return;
    }
    const upstream = net.connect(targetPort, target.hostname);
    sockets.add(upstream);
    upstream.on("close", () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on("error", () => upstream.destroy());
    client.on("close", () => upstream.destroy());
    forward(client, upstream);
    forward(upstream, client);
  });

  // While holding, bytes wait here, as TCP would keep retransmitting them,
  // and are delivered in order once the network is back.
  const waiting: (() => void)[] = [];
  function forward(from: net.Socket, to: net.Socket) {
    from.on("data", (chunk: Buffer) => {
      if (holding) waiting.push(() => to.write(chunk));
      else to.write(chunk);
    });
  }

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);

  return {
    url: url.toString(),
    async cut() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    blackHole() {
      holding = true;
    },
    async restore() {
      holding = false;
      for (const deliver of waiting.splice(0)) deliver();
      // Connections that never reached the database are reset, as their
      // peer would see once the network is back.
      for (const socket of stranded) socket.destroy();
      stranded.clear();
      if (!server.listening) await listen(port);
    },
    connections: () => opened,
    async close() {
      for (const socket of sockets) socket.destroy();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
