/**
 * A real HTTP server on 127.0.0.1 that speaks the OpenAI wire format: POST /v1/chat/completions
 * (chat.completion objects with usage) and GET /v1/models. For tests and benchmarks only.
 *
 * - `responder(body)` gives the assistant content (default: an echo of the last user message).
 * - A script of faults per route, consumed one per call: an HTTP status (429 with Retry-After,
 *   500/502/503, 401...), a hung request (no answer until the client goes away), a dropped
 *   connection, a malformed JSON body, a given content (e.g. JSON that breaks a schema), or ok.
 * - `overloadAbove: n` answers 429 to any request arriving while more than n are in flight.
 * - `latencyMs` delays every answer; in-flight requests are counted (maxInFlight).
 * Every POST route goes through the same fault machinery, so another endpoint (e.g.
 * POST /v1/completions with echo + logprobs) is one `route()` call with a handler.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeStep =
  | { kind: 'ok' }
  /** Answer with this status and an OpenAI error body; Retry-After (seconds or HTTP date) / retry-after-ms headers if given. */
  | { kind: 'status'; status: number; retryAfter?: string | number; retryAfterMs?: number; message?: string }
  /** Never answer; the request ends only when the client aborts (or the server closes). */
  | { kind: 'hang' }
  /** Destroy the socket after reading the request. */
  | { kind: 'drop' }
  /** 200 with content-type application/json and a truncated, unparseable body. */
  | { kind: 'malformed' }
  /** A normal answer with this content instead of the responder's. */
  | { kind: 'content'; content: string };

export interface FakeRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body (raw text if it was not JSON; null when empty). */
  body: unknown;
  receivedAt: number;
}

export interface ChatCompletionRequestBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
  temperature?: number;
  max_tokens?: number;
  seed?: number;
  response_format?: { type: string; json_schema?: { name: string; schema?: unknown; strict?: boolean } };
  [key: string]: unknown;
}

export type ChatResponder = (body: ChatCompletionRequestBody, context: { index: number; request: FakeRequest }) => string | Promise<string>;

/** What a route answers: a JSON value, or raw text (with its content type). */
export interface FakeReply {
  status?: number;
  json?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RouteContext {
  body: unknown;
  request: FakeRequest;
  /** 0-based count of calls to this route. */
  index: number;
  /** Set by a `{ kind: 'content' }` step: the content to answer with. */
  content?: string;
}

export type RouteHandler = (context: RouteContext) => FakeReply | Promise<FakeReply>;

export interface FakeOpenAIServerOptions {
  responder?: ChatResponder;
  /** Steps for POST /v1/chat/completions, one per call; afterwards every call is ok. */
  script?: FakeStep[];
  /** Delay before every answer (not before the 429s of `overloadAbove`). */
  latencyMs?: number;
  /** Require `Authorization: Bearer <apiKey>` (401 otherwise). */
  apiKey?: string;
  /** Models listed by GET /v1/models; when set, chat requests for another model get 404. */
  models?: string[];
  /** Answer 429 to a request that arrives while more than this many are in flight. */
  overloadAbove?: number | null;
  /** retry-after-ms header sent with the overload 429s. */
  overloadRetryAfterMs?: number;
  /** Port on 127.0.0.1 (default: any free one). */
  port?: number;
  /** The model's context length: listed as max_model_len by GET /v1/models, and a chat request over it gets vLLM's 400. */
  maxModelLen?: number;
  /** 400s in vLLM <= 0.9's flat shape ({"object": "error", "message", ...}) instead of OpenAI's nested one. */
  flatErrors?: boolean;
}

export interface FakeOpenAIServer {
  /** http://127.0.0.1:PORT/v1 */
  readonly baseUrl: string;
  /** Every request received, in order. */
  readonly requests: FakeRequest[];
  /** Requests received on one path (e.g. '/v1/chat/completions'). */
  requestsTo(path: string): FakeRequest[];
  readonly inFlight: number;
  /** Highest number of requests in flight at once since start (or resetStats). */
  readonly maxInFlight: number;
  /** Responses sent, by status (429s from overload included). */
  readonly statusCounts: Record<number, number>;
  /** Replaces the fault script of a route (default POST /v1/chat/completions). */
  setScript(steps: FakeStep[], path?: string): void;
  /** Changes options while running. */
  configure(options: Pick<FakeOpenAIServerOptions, 'responder' | 'latencyMs' | 'apiKey' | 'overloadAbove' | 'overloadRetryAfterMs' | 'models' | 'maxModelLen' | 'flatErrors'>): void;
  /** Clears the request log and counters (maxInFlight restarts from the current in-flight count). */
  resetStats(): void;
  /** Adds or replaces a route (POST routes get the fault machinery). */
  route(method: 'GET' | 'POST', path: string, handler: RouteHandler): void;
  close(): Promise<void>;
}

const CHAT_PATH = '/v1/chat/completions';

/** A rough, deterministic token count (~4 characters a token). */
export function approxTokens(text: string): number {
  return text.length === 0 ? 0 : Math.max(1, Math.ceil(text.length / 4));
}

function errorReply(status: number, message: string, type: string, code: string | null = null, param: string | null = null): FakeReply {
  return { status, json: { error: { message, type, param, code } } };
}

const STATUS_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'permission_denied',
  404: 'invalid_request_error',
  429: 'rate_limit_exceeded',
};

function lastUserContent(body: ChatCompletionRequestBody): string {
  for (let i = body.messages.length - 1; i >= 0; i--) if (body.messages[i].role === 'user') return body.messages[i].content;
  return '';
}

export async function startFakeOpenAIServer(options: FakeOpenAIServerOptions = {}): Promise<FakeOpenAIServer> {
  const settings = { ...options };
  const requests: FakeRequest[] = [];
  const scripts = new Map<string, FakeStep[]>([[CHAT_PATH, [...(options.script ?? [])]]]);
  const callIndex = new Map<string, number>();
  const routes = new Map<string, RouteHandler>();
  const hung = new Set<http.ServerResponse>();
  let statusCounts: Record<number, number> = {};
  let inFlight = 0;
  let maxInFlight = 0;
  let completionSeq = 0;
  const timers = new Map<NodeJS.Timeout, () => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.set(timer, resolve);
    });

  const chatHandler: RouteHandler = async ({ body, request, index, content }) => {
    const b = body as ChatCompletionRequestBody | null;
    if (!b || typeof b !== 'object' || typeof b.model !== 'string' || !b.model) {
      return errorReply(400, "'model' is a required property", 'invalid_request_error', null, 'model');
    }
    if (!Array.isArray(b.messages) || b.messages.length === 0 || b.messages.some((m) => !m || typeof m.role !== 'string' || typeof m.content !== 'string')) {
      return errorReply(400, "'messages' must be a non-empty array of {role, content}", 'invalid_request_error', null, 'messages');
    }
    if (settings.models && !settings.models.includes(b.model)) {
      return errorReply(404, `The model \`${b.model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');
    }
    const promptTokens = b.messages.reduce((n, m) => n + approxTokens(m.content) + 4, 0);
    // vLLM refuses a prompt plus max_tokens over the context (serving_engine.py, _validate_input).
    const maxTokens = typeof b.max_tokens === 'number' ? b.max_tokens : 0;
    if (settings.maxModelLen && promptTokens + maxTokens > settings.maxModelLen) {
      const message = `This model's maximum context length is ${settings.maxModelLen} tokens. However, you requested ${promptTokens + maxTokens} tokens (${promptTokens} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`;
      return settings.flatErrors ? { status: 400, json: { object: 'error', message, type: 'BadRequestError', param: null, code: 400 } } : errorReply(400, message, 'BadRequestError');
    }
    const text = content ?? (settings.responder ? await settings.responder(b, { index, request }) : `Echo: ${lastUserContent(b)}`);
    const completionTokens = approxTokens(text);
    return {
      json: {
        id: `chatcmpl-fake${++completionSeq}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: b.model,
        system_fingerprint: 'fp_fake',
        choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
      },
    };
  };

  routes.set(`POST ${CHAT_PATH}`, chatHandler);
  routes.set('GET /v1/models', () => ({
    json: {
      object: 'list',
      data: (settings.models ?? ['fake-model']).map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'retrace-fake', ...(settings.maxModelLen ? { max_model_len: settings.maxModelLen } : {}) })),
    },
  }));

  function send(res: http.ServerResponse, reply: FakeReply): void {
    if (res.destroyed || res.writableEnded) return;
    const status = reply.status ?? 200;
    const payload = reply.raw ?? JSON.stringify(reply.json ?? null);
    statusCounts[status] = (statusCounts[status] ?? 0) + 1;
    res.writeHead(status, {
      'content-type': reply.raw !== undefined ? (reply.contentType ?? 'text/plain') : 'application/json',
      'content-length': Buffer.byteLength(payload),
      ...reply.headers,
    });
    res.end(payload);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0];
    const method = req.method ?? 'GET';
    let body: unknown = null;
    let badJson = false;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
        badJson = true;
      }
    }
    const request: FakeRequest = { method, path, headers: req.headers, body, receivedAt: Date.now() };
    requests.push(request);

    const handler = routes.get(`${method} ${path}`);
    if (!handler) return send(res, errorReply(404, `Unknown request URL: ${method} ${path}.`, 'invalid_request_error', 'unknown_url'));
    if (settings.apiKey !== undefined && req.headers.authorization !== `Bearer ${settings.apiKey}`) {
      return send(res, errorReply(401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
    }
    if (method !== 'POST') return send(res, await handler({ body, request, index: 0 }));
    if (badJson) return send(res, errorReply(400, 'We could not parse the JSON body of your request.', 'invalid_request_error'));

    if (settings.overloadAbove != null && inFlight > settings.overloadAbove) {
      return send(res, {
        ...errorReply(429, `Too many concurrent requests (limit ${settings.overloadAbove}).`, 'rate_limit_exceeded', 'rate_limit_exceeded'),
        headers: settings.overloadRetryAfterMs !== undefined ? { 'retry-after-ms': String(settings.overloadRetryAfterMs) } : {},
      });
    }

    const index = callIndex.get(path) ?? 0;
    callIndex.set(path, index + 1);
    const step: FakeStep = scripts.get(path)?.shift() ?? { kind: 'ok' };
    if (step.kind === 'hang') {
      hung.add(res);
      res.on('close', () => hung.delete(res));
      return;
    }
    await sleep(settings.latencyMs ?? 0);
    switch (step.kind) {
      case 'drop':
        req.socket.destroy();
        return;
      case 'malformed':
        return send(res, { raw: '{"id": "chatcmpl-broken", "object": "chat.completion", "choices": [{"index": 0, "message": {"role": "assis', contentType: 'application/json' });
      case 'status': {
        const headers: Record<string, string> = {};
        if (step.retryAfter !== undefined) headers['retry-after'] = String(step.retryAfter);
        if (step.retryAfterMs !== undefined) headers['retry-after-ms'] = String(step.retryAfterMs);
        const message = step.message ?? `Scripted error ${step.status}.`;
        return send(res, { ...errorReply(step.status, message, STATUS_TYPES[step.status] ?? (step.status >= 500 ? 'server_error' : 'invalid_request_error')), headers });
      }
      case 'content':
        return send(res, await handler({ body, request, index, content: step.content }));
      case 'ok':
        return send(res, await handler({ body, request, index }));
    }
  }

  const server = http.createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let counted = true;
    res.on('close', () => {
      if (counted) inFlight--;
      counted = false;
    });
    handle(req, res).catch((err: unknown) => {
      send(res, errorReply(500, `Fake server error: ${err instanceof Error ? err.message : String(err)}`, 'server_error'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    requestsTo: (path) => requests.filter((r) => r.path === path),
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get statusCounts() {
      return statusCounts;
    },
    setScript(steps, path = CHAT_PATH) {
      scripts.set(path, [...steps]);
    },
    configure(changes) {
      Object.assign(settings, changes);
    },
    resetStats() {
      requests.length = 0;
      statusCounts = {};
      maxInFlight = inFlight;
    },
    route(method, path, handler) {
      routes.set(`${method} ${path}`, handler);
      if (!scripts.has(path)) scripts.set(path, []);
    },
    async close() {
      for (const [timer, resolve] of timers) {
        clearTimeout(timer);
        resolve();
      }
      timers.clear();
      for (const res of hung) res.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
