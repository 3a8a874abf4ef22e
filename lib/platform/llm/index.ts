/** LLM access: an OpenAI-compatible ChatClient with retries, adaptive concurrency, structured outputs and call recording. */
export type { CallRecorder, ChatClient, ChatMessage, ChatRequest, ChatResponse, RecordedCall } from './types';
export { describeLlmConfig, LLM_CLI_OPTIONS, LLM_DEFAULTS, LlmConfigError, llmConfigFromEnv, llmOverridesFromCli, OPENAI_DEFAULT_BASE_URL } from './config';
export type { LlmConfig, LlmConfigOverrides } from './config';
export { createOpenAIClient } from './openaiClient';
export type { OpenAIChatClient } from './openaiClient';
export { LlmRequestError, StructuredOutputError } from './errors';
export { chatJson, jsonSchemaOf, parseJsonContent } from './structured';
export type { StructuredResult } from './structured';
export { memoryCallRecorder, prismaCallRecorder } from './callRecorder';
export type { MemoryCallRecorder } from './callRecorder';
export { AimdLimiter, endpointLimiter } from './limiter';
export { canonicalJson, chatRequestHash } from './requestHash';
export { retryingCall } from './retryingCall';
export type { RetryCounters, RetryingCallOptions, RetryPolicy } from './retryingCall';
