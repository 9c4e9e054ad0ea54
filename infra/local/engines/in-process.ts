/**
 * An SDK request handler that hands each request straight to a local engine's HTTP
 * request listener in this process, instead of through a socket. The client, its
 * middleware (serialization, signing, retries, error parsing) and the engine are the
 * same as over HTTP; only the loopback TCP and HTTP parsing, which dominated a long
 * local replay, are skipped. The engine's server still listens for other clients.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The parts of the SDK's HttpRequest this handler reads. */
export interface EngineRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, string | (string | null)[] | null>;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

/** A response as the SDK reads one (it checks the shape, not the class). */
export interface EngineResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

/** A Node HTTP request listener, as `http.createServer` takes. */
export type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/** What the SDK asks of a request handler (`requestHandler` in a client's config). */
export class InProcessHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };

  private closed = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly listener: RequestListener) {}

  handle(request: EngineRequest): Promise<{ response: EngineResponse }> {
    // As a socket to a stopped server would: refused, and the SDK reports it.
    if (this.closed) {
      return Promise.reject(
        Object.assign(new Error('connect ECONNREFUSED: the local engine has stopped'), {
          code: 'ECONNREFUSED',
        }),
      );
    }
    const answered = this.send(request);
    this.inFlight.add(answered);
    const forget = () => this.inFlight.delete(answered);
    answered.then(forget, forget);
    return answered;
  }

  /**
   * Refuses new requests and resolves once those already handed to the engine are
   * answered, so the engine is not closed under them (it would throw, uncaught).
   */
  async drain(): Promise<void> {
    this.closed = true;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private send(request: EngineRequest): Promise<{ response: EngineResponse }> {
    return new Promise((resolve, reject) => {
      const body = bytesOf(request.body);
      const incoming = Object.assign(new EventEmitter(), {
        method: request.method,
        url: pathOf(request),
        headers: Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]),
        ),
        // For a listener that reads the body with `for await`.
        async *[Symbol.asyncIterator]() {
          if (body.length > 0) yield body;
        },
      });
      const headers: Record<string, string> = {};
      const outgoing = {
        statusCode: 200,
        setHeader(name: string, value: unknown) {
          headers[name.toLowerCase()] = String(value);
        },
        getHeader: (name: string) => headers[name.toLowerCase()],
        writeHead(status: number, more?: Record<string, unknown>) {
          outgoing.statusCode = status;
          for (const [name, value] of Object.entries(more ?? {})) outgoing.setHeader(name, value);
          return outgoing;
        },
        end(body?: string | Uint8Array) {
          resolve({
            response: {
              statusCode: outgoing.statusCode,
              headers,
              body: typeof body === 'string' ? Buffer.from(body) : (body ?? new Uint8Array()),
            },
          });
        },
      };
      try {
        this.listener(incoming as never, outgoing as never);
      } catch (error) {
        reject(error);
        return;
      }
      // The listener has attached its handlers: send the body as a socket would.
      queueMicrotask(() => {
        if (body.length > 0) incoming.emit('data', body);
        incoming.emit('end');
      });
    });
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  /** The client is done with it: refuse anything after. */
  destroy(): void {
    this.closed = true;
  }
}

/** The body as bytes, without a string round trip (the SDK's own byte type warns on one). */
function bytesOf(body: unknown): Buffer {
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return Buffer.alloc(0);
}

function pathOf(request: EngineRequest): string {
  const query = Object.entries(request.query ?? {})
    .flatMap(([key, value]) =>
      (Array.isArray(value) ? value : [value]).map(
        (v) => `${encodeURIComponent(key)}=${encodeURIComponent(v ?? '')}`,
      ),
    )
    .join('&');
  return `${request.path}${query ? `?${query}` : ''}`;
}

/**
 * The client middleware that only AWS's side reads, taken off a client of a local
 * engine: the User-Agent (built per request), the X-Ray trace header (read from the
 * environment per request) and the client logger (none is set). A request's content,
 * its signing, retries and the answer's parsing are unchanged. Together they were 10 to
 * 35 % of each request's CPU, the same requests through a client with and without them
 * in turns (bench/support/request-cpu.ts).
 */
export const AWS_ONLY_MIDDLEWARE = [
  'getUserAgentMiddleware',
  'recursionDetectionMiddleware',
  'loggerMiddleware',
] as const;

/** Takes {@link AWS_ONLY_MIDDLEWARE} off a local engine's client; returns the client. */
export function forLocalEngine<C extends { middlewareStack: { remove(name: string): boolean } }>(
  client: C,
): C {
  for (const name of AWS_ONLY_MIDDLEWARE) client.middlewareStack.remove(name);
  return client;
}
