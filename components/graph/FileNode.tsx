'use client';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FileFlowNode } from './flowElements';
import { NodeCard, nodeBoxStyle, Wrappable } from './NodeParts';

/**
 * One file: its label (the name, after the folder part that tells it from files of the same
 * name), implementation-order number and lines; a colour bar for language or folder. Zoomed
 * out, only the label shows, enlarged (the canvas's --label-scale, see GraphViewport); hovering
 * shows the whole path in a card.
 */
function FileNodeView({ data, width, height }: NodeProps<FileFlowNode>) {
  return (
    <div className={`graph-file-node${data.inCycle ? ' in-cycle' : ''} ${data.marks}`} data-testid="graph-node" data-path={data.path} style={nodeBoxStyle(width, height, data.colour)}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      {data.order !== null ? <span className="graph-node-order">#{data.order}</span> : null}
      <span className="graph-node-label" data-testid="graph-node-label">
        {/* After a folder part, the name stays whole: a wrap puts it on a line of its own. */}
        {data.folder ? (
          <>
            <span className="graph-node-folder">
              <Wrappable text={data.folder} />
            </span>
            <wbr />
            <span className="graph-node-name">{data.name}</span>
          </>
        ) : (
          <span className="graph-node-name">
            <Wrappable text={data.name} />
          </span>
        )}
      </span>
      <span className="graph-node-lines">{data.lines}</span>
      <NodeCard
        path={data.path}
        facts={`${data.lines} lines${data.order !== null ? ` · order #${data.order}` : ''}${data.inCycle ? ' · in a dependency cycle' : ''}`}
        hint="Click: open · double-click: focus"
      />
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

export const FileNode = memo(FileNodeView);
