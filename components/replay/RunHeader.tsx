import type { ReplayData } from '@/components/replay/data';

function OfflineTag({ offline }: { offline: boolean }) {
  return offline ? (
    <span className="offline-tag" title="Produced without a language model: Retrace's deterministic offline provider">
      offline
    </span>
  ) : null;
}

/** Who produced this trajectory and its search: always on screen, offline ones labelled. */
export function RunHeader({ data }: { data: ReplayData }) {
  const s = data.search;
  return (
    <div className="run-provider" data-testid="run-provider">
      <span className="run-part">
        <span className="run-label">Synthesis</span> <code>{data.provider}</code> · <code>{data.model}</code> <OfflineTag offline={data.offline} />
      </span>
      <span className="run-part" title="What a Read of a file already shown in this trajectory shows: once = in full the first time, then a reference to its declaration lines; reference = always the reference; full = always the whole file">
        <span className="run-label">Repeated reads</span> <code data-testid="run-repeated-reads">{data.repeatedReads}</code>
      </span>
      {s ? (
        <>
          <span className="run-part">
            <span className="run-label">Scorer</span> <code>{s.scorerProvider}</code> · <code>{s.scorerModel}</code> <OfflineTag offline={s.offline} />
          </span>
          <span className="run-part">
            <span className="run-label">Proposer</span> <code>{s.proposerProvider}</code> · <code>{s.proposerModel}</code> <OfflineTag offline={s.proposerProvider === 'offline'} />
          </span>
        </>
      ) : (
        <span className="run-part muted">No search yet</span>
      )}
    </div>
  );
}
