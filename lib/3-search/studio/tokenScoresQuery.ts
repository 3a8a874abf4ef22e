import type { PrismaClient } from '@prisma/client';
import { isUuid } from '../../platform/http/requestValues';

/** A Write's per-token scores from the trajectory's latest succeeded search, for the training view. */
export interface WriteTokenScores {
  file: string;
  /** The searched Think before the Write. */
  thinkOrdinal: number;
  searchRunId: string;
  nllBefore: number;
  nllAfter: number;
  logprobFloor: number;
  scorer: { provider: string; model: string };
  /** lib/3-search/tokenScores.ts's deflated blob, base64. */
  deflated: string;
}

export type WriteTokenScoresResult = { scores: WriteTokenScores } | { status: 400 | 404; error: string };

const SEARCH_HINT = 'the CoT search stores them (retrace search, or the studio\u2019s re-synthesis with search)';

export async function getWriteTokenScores(prisma: PrismaClient, trajectoryId: string, ordinal: number): Promise<WriteTokenScoresResult> {
  if (!isUuid(trajectoryId)) return { status: 400, error: 'Invalid trajectory id: it must be a UUID.' };
  const step = await prisma.step.findUnique({ where: { trajectoryId_ordinal: { trajectoryId, ordinal } }, select: { kind: true, actionType: true, actionPath: true } });
  if (!step) return { status: 404, error: `No step ${ordinal} in trajectory ${trajectoryId}.` };
  if (step.kind !== 'action' || step.actionType !== 'write' || !step.actionPath) return { status: 400, error: `Step ${ordinal} is not a Write: per-token scores are kept for the code a Write adds.` };
  const search = await prisma.searchRun.findFirst({
    where: { trajectoryId, status: 'succeeded' },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { id: true, config: true, scorerProvider: true, scorerModel: true, steps: { where: { file: step.actionPath }, select: { stepOrdinal: true, nllBefore: true, nllAfter: true, tokenScores: true } } },
  });
  if (!search) return { status: 404, error: `This trajectory has not been searched, so it has no per-token scores: ${SEARCH_HINT}.` };
  const searched = search.steps[0];
  if (!searched) return { status: 404, error: `The latest search did not search the Think before this Write (an empty file, a Think holding the whole file, or the scored-token budget ran out), so there are no per-token scores for ${step.actionPath}.` };
  if (!searched.tokenScores) return { status: 404, error: `The latest search of this trajectory was stored before per-token scores were kept: search it again to see them (${SEARCH_HINT}).` };
  const floor = (search.config as { settings?: { logprobFloor?: number } } | null)?.settings?.logprobFloor ?? -2;
  return {
    scores: {
      file: step.actionPath,
      thinkOrdinal: searched.stepOrdinal,
      searchRunId: search.id,
      nllBefore: searched.nllBefore,
      nllAfter: searched.nllAfter,
      logprobFloor: floor,
      scorer: { provider: search.scorerProvider, model: search.scorerModel },
      deflated: Buffer.from(searched.tokenScores).toString('base64'),
    },
  };
}
