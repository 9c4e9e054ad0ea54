/**
 * A fault in front of the real SES engine: answers the first `refusals` SendEmail
 * requests (or, given a rate, each with that chance) with SES's throttling error (429
 * TooManyRequestsException), and forwards everything else to aws-ses-v2-local untouched.
 */
import { createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ThrottlingProxy {
  readonly endpoint: string;
  /** SendEmail requests refused so far. */
  refused(): number;
  close(): Promise<void>;
}

export async function throttlingProxy(
  target: string,
  refusals: number | { readonly rate: number; readonly random: () => number },
): Promise<ThrottlingProxy> {
  let refused = 0;
  const refuse = () =>
    typeof refusals === 'number' ? refused < refusals : refusals.random() < refusals.rate;
  const upstream = new URL(target);
  const server = createServer((incoming, outgoing) => {
    const sending =
      incoming.method === 'POST' && incoming.url?.startsWith('/v2/email/outbound-emails');
    if (sending && refuse()) {
      refused++;
      incoming.resume();
      outgoing.writeHead(429, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'TooManyRequestsException',
      });
      outgoing.end(JSON.stringify({ message: 'Maximum sending rate exceeded.' }));
      return;
    }
    const proxied = forward(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        path: incoming.url,
        method: incoming.method,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(proxied);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    refused: () => refused,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
