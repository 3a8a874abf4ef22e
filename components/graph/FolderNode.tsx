'use client';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FolderFlowNode } from './flowElements';

/** A collapsed folder: its path and file count; clicking it expands it. */
function FolderNodeView({ data, width, height }: NodeProps<FolderFlowNode>) {
  return (
    <div
      className={`graph-folder-node${data.inCycle ? ' in-cycle' : ''} ${data.marks}`}
      data-testid="folder-node"
      data-folder={data.folder}
      style={{ width, height, borderLeftColor: data.colour }}
      title={`${data.folder}/ — ${data.fileCount} files, ${data.lines} lines. Click to expand.`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <span className="graph-folder-path">{data.folder}/</span>
      <span className="graph-folder-count">
        {data.fileCount} files · {data.lines} lines
      </span>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

export const FolderNode = memo(FolderNodeView);
