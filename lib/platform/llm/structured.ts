/**
 * Structured outputs: ask for JSON matching a schema (response_format json_schema, strict),
 * parse it (```json fences tolerated), validate it with zod; an answer that does not parse or
 * validate is asked again once, with the problem appended; a second failure is an error.
 */
import { z } from 'zod';
import { StructuredOutputError } from './errors';
import type { ChatClient, ChatMessage, ChatRequest, ChatResponse } from './types';

export interface StructuredResult<T> {
  value: T;
  /** The response the value came from (the re-ask's when there was one). */
  response: ChatResponse;
  /** True when the first answer was invalid and the re-ask fixed it. */
  reasked: boolean;
}

/** A response_format name: [a-zA-Z0-9_-], at most 64 characters. */
export function schemaName(raw: string): string {
  const name = raw.replace(/[^a-zA-Z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 64);
  return name || 'response';
}

/** The JSON Schema of a zod schema (zod 4's toJSONSchema, output side, without `$schema`). */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

type Parsed = { ok: true; value: unknown } | { ok: false; problem: string };

/** Parses JSON from model output: as is, else the first ``` fenced block, else the outermost {...} or [...]. */
export function parseJsonContent(content: string): Parsed {
  const candidates: string[] = [content.trim()];
  const fenced = /```[a-zA-Z0-9_-]*[ \t]*\r?\n?([\s\S]*?)```/.exec(content);
  if (fenced) candidates.push(fenced[1].trim());
  const open = content.search(/[{[]/);
  const close = Math.max(content.lastIndexOf('}'), content.lastIndexOf(']'));
  if (open >= 0 && close > open) candidates.push(content.slice(open, close + 1));
  let firstError: string | undefined;
  for (const text of candidates) {
    if (!text) continue;
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch (err) {
      firstError ??= (err as Error).message;
    }
  }
  return { ok: false, problem: content.trim() ? `the answer is not valid JSON (${firstError})` : 'the answer is empty' };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 20)
    .map((issue) => `at ${issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Parses and validates one answer. */
export function validateContent<S extends z.ZodType>(content: string, schema: S): { ok: true; value: z.output<S> } | { ok: false; problem: string } {
  const parsed = parseJsonContent(content);
  if (!parsed.ok) return parsed;
  const result = schema.safeParse(parsed.value);
  if (!result.success) return { ok: false, problem: `the JSON does not match the schema: ${describeIssues(result.error)}` };
  return { ok: true, value: result.data };
}

export function reaskMessage(problem: string): string {
  return `Your previous answer was rejected: ${problem}.\nReply again with only the corrected JSON that matches the required schema, with no other text.`;
}

/**
 * Asks for JSON matching `schema` (request.jsonSchema if given, else derived from the zod
 * schema) and returns the validated value. One re-ask on an invalid answer; then throws
 * StructuredOutputError quoting the validation problem.
 */
export async function chatJson<S extends z.ZodType>(client: ChatClient, request: ChatRequest, schema: S): Promise<StructuredResult<z.output<S>>> {
  const jsonSchema = request.jsonSchema ?? { name: schemaName(request.purpose), schema: jsonSchemaOf(schema) };
  const first: ChatRequest = { ...request, jsonSchema };
  const response = await client.chat(first);
  const checked = validateContent(response.content, schema);
  if (checked.ok) return { value: checked.value, response, reasked: false };

  const messages: ChatMessage[] = [
    ...request.messages,
    { role: 'assistant', content: response.content },
    { role: 'user', content: reaskMessage(checked.problem) },
  ];
  const second = await client.chat({ ...first, messages });
  const rechecked = validateContent(second.content, schema);
  if (rechecked.ok) return { value: rechecked.value, response: second, reasked: true };
  const excerpt = second.content.length > 300 ? `${second.content.slice(0, 300)}…` : second.content;
  throw new StructuredOutputError(
    `Structured output "${jsonSchema.name}" (purpose "${request.purpose}") from model "${client.model}" at ${client.baseUrl} ` +
      `was invalid, and still invalid after one re-ask: ${rechecked.problem}. The last answer was: ${JSON.stringify(excerpt)}`,
    rechecked.problem,
    second.content,
  );
}
