import http from 'node:http';

export interface JsonResponse {
  status: number;
  body: any;
}

/** A small keep-alive JSON client on node:http; cheaper per request than fetch, which matters on 2 cores. */
export class JsonClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly baseUrl: string,
    maxSockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  /**
   * A request reset on a reused kept-alive connection (the service closing it for idleness just as it was picked)
   * never reached the service: it goes once more on a fresh connection, as a phone's HTTP stack would, so the
   * bench does not count the client's race as the service's error.
   */
  async request(
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: unknown,
  ): Promise<JsonResponse> {
    try {
      return await this.send(method, path, headers, body);
    } catch (error) {
      if (!(error as { staleConnection?: boolean }).staleConnection) throw error;
      return this.send(method, path, headers, body);
    }
  }

  private send(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<JsonResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      const request = http.request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            ...headers,
            ...(payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              /* keep the text, e.g. an HTML error page */
            }
            resolve({ status: response.statusCode ?? 0, body: parsed });
          });
          response.on('error', reject);
        },
      );
      request.setTimeout(30_000, () => request.destroy(new Error(`timeout ${method} ${path}`)));
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (request.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE'))
          Object.assign(error, { staleConnection: true });
        reject(error);
      });
      request.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
