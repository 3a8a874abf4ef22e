import { llmConfigFromEnv } from '../config';
import { createOpenAIClient } from '../openaiClient';
import type { ChatRequest } from '../types';
import { startFakeOpenAIServer, type ChatCompletionRequestBody, type FakeOpenAIServer } from './fakeOpenAIServer';

/**
 * The real OpenAI client wired to a fake OpenAI server on loopback: real HTTP and wire format,
 * with answers from `answer`. Each request is handed over as the client sent it, read back
 * from the wire; `purposeOf` tells what a request was for (the purpose is not sent).
 */
export async function startFakeChatClient(
  answer: (req: ChatRequest, index: number) => string,
  purposeOf: (body: ChatCompletionRequestBody) => string,
  model = 'fake-model',
) {
  const requests: ChatRequest[] = [];
  const server: FakeOpenAIServer = await startFakeOpenAIServer({
    responder: (body) => {
      const schema = body.response_format?.json_schema;
      const req: ChatRequest = {
        purpose: purposeOf(body),
        messages: body.messages as ChatRequest['messages'],
        temperature: body.temperature,
        seed: body.seed,
        jsonSchema: schema ? { name: schema.name, schema: (schema.schema ?? {}) as Record<string, unknown> } : undefined,
      };
      requests.push(req);
      return answer(req, requests.length - 1);
    },
  });
  const client = createOpenAIClient(llmConfigFromEnv({}, { baseUrl: server.baseUrl, model, backoffBaseMs: 1 }));
  return { client, requests, server };
}
