/** What identifies a chat call: the wire body and the sha256 of its canonical JSON. */
import { createHash } from 'node:crypto';
import type { ChatRequest } from './types';

/** JSON with object keys sorted at every level and undefined members dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export interface JsonSchemaResponseFormat {
  type: 'json_schema';
  json_schema: { name: string; schema: Record<string, unknown>; strict: true };
}

/** The `response_format` sent for a structured request (plain chat completions otherwise). */
export function responseFormatFor(request: ChatRequest): JsonSchemaResponseFormat | undefined {
  if (!request.jsonSchema) return undefined;
  return { type: 'json_schema', json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: true } };
}

/** The chat.completions body: only parameters every OpenAI-compatible server understands. */
export function chatCompletionBody(model: string, request: ChatRequest) {
  const responseFormat = responseFormatFor(request);
  return {
    model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
    ...(responseFormat ? { response_format: responseFormat } : {}),
  };
}

/**
 * sha256 (hex) of the canonical JSON of everything that determines the answer: endpoint, model,
 * messages, sampling parameters and the requested format. Not the API key, not the purpose.
 */
export function chatRequestHash(baseUrl: string, model: string, request: ChatRequest): string {
  const key = {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    temperature: request.temperature ?? null,
    maxTokens: request.maxTokens ?? null,
    seed: request.seed ?? null,
    jsonSchema: request.jsonSchema ?? null,
    response_format: responseFormatFor(request) ?? null,
  };
  return createHash('sha256').update(canonicalJson(key)).digest('hex');
}
