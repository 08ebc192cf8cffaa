/**
 * A TCP proxy on loopback that can be frozen: while frozen nothing passes in either direction and
 * new connections are accepted but get no answer, as with a black-holed network (the sockets stay
 * open, no reset, no FIN). Thawing delivers what was held back. No root, no firewall rules.
 */
import net from 'node:net';

export interface FreezableProxy {
  port: number;
  freeze(): void;
  thaw(): void;
  /** Connections open through the proxy now. */
  connections(): number;
  close(): Promise<void>;
}

interface Pipe {
  client: net.Socket;
  server: net.Socket;
  held: { to: net.Socket; data: Buffer }[];
}

export async function freezableProxy(target: { host: string; port: number }): Promise<FreezableProxy> {
  let frozen = false;
  const pipes = new Set<Pipe>();

  function forward(p: Pipe, from: net.Socket, to: net.Socket): void {
    from.on('data', (data: Buffer) => {
      if (frozen) p.held.push({ to, data });
      else to.write(data);
    });
  }

  const listener = net.createServer((client) => {
    const server = net.connect(target.port, target.host);
    const p: Pipe = { client, server, held: [] };
    pipes.add(p);
    forward(p, client, server);
    forward(p, server, client);
    const end = () => {
      pipes.delete(p);
      client.destroy();
      server.destroy();
    };
    client.on('close', end);
    server.on('close', end);
    client.on('error', end);
    server.on('error', end);
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const port = (listener.address() as net.AddressInfo).port;

  return {
    port,
    freeze: () => void (frozen = true),
    thaw() {
      frozen = false;
      for (const p of pipes) {
        for (const h of p.held) if (!h.to.destroyed) h.to.write(h.data);
        p.held = [];
      }
    },
    connections: () => pipes.size,
    async close() {
      for (const p of pipes) {
        p.client.destroy();
        p.server.destroy();
      }
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}

/** A loopback TCP port in front of a server's Unix socket that can be stopped (connections reset, new ones refused) and started again on the same port: a server that goes away and comes back. */
export interface StoppableProxy {
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function stoppableProxy(socketPath: string): Promise<StoppableProxy> {
  const sockets = new Set<net.Socket>();
  let listener: net.Server | undefined;
  let port = 0;
  const start = async (): Promise<void> => {
    listener = net.createServer((client) => {
      const server = net.connect(socketPath);
      for (const s of [client, server]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(server).pipe(client);
      client.on('close', () => server.destroy());
      server.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => listener!.listen(port, '127.0.0.1', resolve));
    port = (listener.address() as net.AddressInfo).port;
  };
  await start();
  return {
    port,
    start,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => listener!.close(() => resolve()));
    },
  };
}
