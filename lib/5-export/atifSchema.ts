/**
 * ATIF v1.4, the Agent Trajectory Interchange Format (Harbor, docs/rfcs/0001-trajectory-format.md),
 * as a zod schema: every field of the RFC's tables with its type and status, unknown fields
 * refused (as Harbor's Pydantic models do: custom data goes in the `extra` objects), and the
 * rules its validator adds — step ids 1, 2, 3…; model_name, reasoning_effort, reasoning_content,
 * tool_calls and metrics only on agent steps; ISO 8601 timestamps; a result's source_call_id
 * names a tool call of the same step.
 */
import { z } from 'zod';

export const ATIF_SCHEMA_VERSION = 'ATIF-v1.4';

const extra = z.record(z.string(), z.unknown()).optional();
const count = z.number().int().nonnegative();

const isoTimestamp = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(v) && !Number.isNaN(Date.parse(v)), 'an ISO 8601 timestamp');

export const atifAgentSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  model_name: z.string().optional(),
  extra,
});

export const atifToolCallSchema = z.strictObject({
  tool_call_id: z.string(),
  function_name: z.string(),
  arguments: z.record(z.string(), z.unknown()),
});

export const atifSubagentRefSchema = z.strictObject({
  session_id: z.string(),
  trajectory_path: z.string().optional(),
  extra,
});

export const atifObservationResultSchema = z.strictObject({
  source_call_id: z.string().nullable().optional(),
  content: z.string().optional(),
  subagent_trajectory_ref: z.array(atifSubagentRefSchema).optional(),
});

export const atifObservationSchema = z.strictObject({ results: z.array(atifObservationResultSchema) });

export const atifMetricsSchema = z.strictObject({
  prompt_tokens: count.optional(),
  completion_tokens: count.optional(),
  cached_tokens: count.optional(),
  cost_usd: z.number().optional(),
  prompt_token_ids: z.array(z.number().int()).optional(),
  completion_token_ids: z.array(z.number().int()).optional(),
  logprobs: z.array(z.number()).optional(),
  extra,
});

const AGENT_ONLY = ['model_name', 'reasoning_effort', 'reasoning_content', 'tool_calls', 'metrics'] as const;

export const atifStepSchema = z
  .strictObject({
    step_id: z.number().int().min(1),
    timestamp: isoTimestamp.optional(),
    source: z.enum(['system', 'user', 'agent']),
    model_name: z.string().optional(),
    reasoning_effort: z.union([z.string(), z.number()]).optional(),
    message: z.string(),
    reasoning_content: z.string().optional(),
    tool_calls: z.array(atifToolCallSchema).optional(),
    observation: atifObservationSchema.optional(),
    metrics: atifMetricsSchema.optional(),
    extra,
  })
  .superRefine((step, ctx) => {
    if (step.source !== 'agent') {
      for (const field of AGENT_ONLY) if (step[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: `${field} is only applicable when source is 'agent'` });
    }
    const ids = new Set<string>();
    for (const call of step.tool_calls ?? []) {
      if (ids.has(call.tool_call_id)) ctx.addIssue({ code: 'custom', path: ['tool_calls'], message: `tool_call_id ${call.tool_call_id} appears twice` });
      ids.add(call.tool_call_id);
    }
    step.observation?.results.forEach((r, i) => {
      if (r.source_call_id != null && !ids.has(r.source_call_id)) {
        ctx.addIssue({ code: 'custom', path: ['observation', 'results', i, 'source_call_id'], message: `source_call_id ${r.source_call_id} names no tool call of this step` });
      }
    });
  });

export const atifFinalMetricsSchema = z.strictObject({
  total_prompt_tokens: count.optional(),
  total_completion_tokens: count.optional(),
  total_cached_tokens: count.optional(),
  total_cost_usd: z.number().optional(),
  total_steps: count.optional(),
  extra,
});

export const atifTrajectorySchema = z
  .strictObject({
    schema_version: z.literal(ATIF_SCHEMA_VERSION),
    session_id: z.string().min(1),
    agent: atifAgentSchema,
    steps: z.array(atifStepSchema).min(1),
    notes: z.string().optional(),
    final_metrics: atifFinalMetricsSchema.optional(),
    extra,
  })
  .superRefine((t, ctx) => {
    t.steps.forEach((s, i) => {
      if (s.step_id !== i + 1) ctx.addIssue({ code: 'custom', path: ['steps', i, 'step_id'], message: `step_id ${s.step_id}: expected ${i + 1} (sequential from 1)` });
    });
  });

export type AtifTrajectory = z.infer<typeof atifTrajectorySchema>;
export type AtifStep = z.infer<typeof atifStepSchema>;
export type AtifToolCall = z.infer<typeof atifToolCallSchema>;

/** Validates an ATIF document; the error lists every problem with its path. */
export function validateAtif(value: unknown): AtifTrajectory {
  const result = atifTrajectorySchema.safeParse(value);
  if (result.success) return result.data;
  throw new Error(`Not valid ATIF-v1.4:\n${result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n')}`);
}
