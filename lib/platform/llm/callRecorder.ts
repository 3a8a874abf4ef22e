/**
 * Where chat calls are recorded: Postgres (`LlmCall`) in the product, memory for callers without
 * a database. Saving is idempotent: a second call with the same request hash keeps the first.
 */
import { Prisma, type PrismaClient } from '@prisma/client';
import type { CallRecorder, RecordedCall } from './types';

type LlmCallRow = Awaited<ReturnType<PrismaClient['llmCall']['findUnique']>>;

function fromRow(row: NonNullable<LlmCallRow>): RecordedCall {
  return {
    requestHash: row.requestHash,
    provider: row.provider,
    baseUrl: row.baseUrl,
    model: row.model,
    purpose: row.purpose,
    request: row.request,
    response: row.response,
    content: row.content,
    promptTokens: row.promptTokens,
    completionTokens: row.completionTokens,
    latencyMs: row.latencyMs,
  };
}

function toJson(value: unknown): Prisma.InputJsonValue | typeof Prisma.JsonNull {
  return value === null || value === undefined ? Prisma.JsonNull : (value as Prisma.InputJsonValue);
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}

/** A CallRecorder on the `LlmCall` table. */
export function prismaCallRecorder(prisma: PrismaClient): CallRecorder {
  return {
    async find(requestHash) {
      const row = await prisma.llmCall.findUnique({ where: { requestHash } });
      return row ? fromRow(row) : null;
    },
    async save(call) {
      try {
        await prisma.llmCall.create({
          data: {
            requestHash: call.requestHash,
            provider: call.provider,
            baseUrl: call.baseUrl,
            model: call.model,
            purpose: call.purpose,
            request: toJson(call.request),
            response: toJson(call.response),
            content: call.content,
            promptTokens: call.promptTokens,
            completionTokens: call.completionTokens,
            latencyMs: Math.round(call.latencyMs),
          },
        });
      } catch (err) {
        if (isUniqueViolation(err)) return; // Recorded already (a concurrent or earlier identical call).
        throw err;
      }
    },
  };
}

export interface MemoryCallRecorder extends CallRecorder {
  /** Recorded calls in the order they were saved. */
  calls(): RecordedCall[];
}

/** A CallRecorder in memory (for callers without a database; lost when the process ends). */
export function memoryCallRecorder(): MemoryCallRecorder {
  const byHash = new Map<string, RecordedCall>();
  return {
    async find(requestHash) {
      const call = byHash.get(requestHash);
      return call ? structuredClone(call) : null;
    },
    async save(call) {
      if (!byHash.has(call.requestHash)) byHash.set(call.requestHash, structuredClone(call));
    },
    calls: () => [...byHash.values()].map((c) => structuredClone(c)),
  };
}
