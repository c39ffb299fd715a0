import net from 'node:net';

/** Why listening on host:port failed, in one line the person starting the app can act on. */
export function listenProblem(err: NodeJS.ErrnoException, port: number, host: string): string {
  if (err.code === 'EADDRINUSE') return `PORT ${port} is already in use on ${host}, perhaps by Kindred itself. Stop that program, or set PORT to another number.`;
  if (err.code === 'EACCES') return `this user may not listen on PORT ${port}; ports below 1024 need extra rights. Set PORT to 1024 or more.`;
  return `it cannot listen on HOST ${host}, PORT ${port} (${err.code ?? err.message}). Check HOST and PORT.`;
}

/**
 * Why the app could not listen on host:port, or undefined when it can. Asked before the database
 * is opened, so a second start on a taken port leaves the first one's data alone.
 */
export function whyCannotListen(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(listenProblem(err, port, host)));
    probe.listen(port, host, () => probe.close(() => resolve(undefined)));
  });
}
