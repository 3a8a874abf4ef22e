'use client';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FolderFlowNode } from './flowElements';
import { NodeCard, nodeBoxStyle, Wrappable } from './NodeParts';

/** A collapsed folder: its path and file count (zoomed out, the path only); clicking it expands it. */
function FolderNodeView({ data, width, height }: NodeProps<FolderFlowNode>) {
  return (
    <div className={`graph-folder-node${data.inCycle ? ' in-cycle' : ''} ${data.marks}`} data-testid="folder-node" data-folder={data.folder} style={nodeBoxStyle(width, height, data.colour)}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <span className="graph-folder-path" data-testid="graph-node-label">
        <Wrappable text={`${data.folder}/`} />
      </span>
      <span className="graph-folder-count">
        {data.fileCount} files · {data.lines} lines
      </span>
      <NodeCard path={`${data.folder}/`} facts={`${data.fileCount} files · ${data.lines} lines${data.inCycle ? ' · in a dependency cycle' : ''}`} hint="Click to expand" />
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

export const FolderNode = memo(FolderNodeView);
