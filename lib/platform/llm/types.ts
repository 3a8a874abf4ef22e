/** The contract between Retrace and any OpenAI-compatible generation server. */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** What the call is for (e.g. 'plan', 'think-purpose'); recorded with the call. */
  purpose: string;
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  /** Structured output: ask for JSON matching this JSON Schema (response_format json_schema). */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
}

export interface ChatResponse {
  content: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  /** Answered from the call record instead of the server. */
  fromRecord: boolean;
}

export interface ChatClient {
  readonly provider: 'openai';
  readonly model: string;
  readonly baseUrl: string;
  chat(request: ChatRequest): Promise<ChatResponse>;
  /** The model's context length: the configured one, else the server's (vLLM's max_model_len); null when unknown. */
  contextTokens?(): Promise<number | null>;
}

/** A recorded call, keyed by the hash of everything that determines its answer. */
export interface RecordedCall {
  requestHash: string;
  provider: string;
  baseUrl: string | null;
  model: string;
  purpose: string;
  request: unknown;
  response: unknown;
  content: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
}

/** Where calls are recorded (Postgres in the product, see callRecorder.ts). */
export interface CallRecorder {
  find(requestHash: string): Promise<RecordedCall | null>;
  save(call: RecordedCall): Promise<void>;
}
