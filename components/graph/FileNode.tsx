'use client';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FileFlowNode } from './flowElements';

/** One file: its name, implementation-order number and lines; a colour bar for language or folder. */
function FileNodeView({ data, width, height }: NodeProps<FileFlowNode>) {
  return (
    <div
      className={`graph-file-node${data.inCycle ? ' in-cycle' : ''} ${data.marks}`}
      data-testid="graph-node"
      data-path={data.path}
      style={{ width, height, borderLeftColor: data.colour }}
      title={`${data.path}\n${data.lines} lines${data.order !== null ? ` · order #${data.order}` : ''}${data.inCycle ? ' · in a dependency cycle' : ''}\nClick: open · double-click: focus`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      {data.order !== null ? <span className="graph-node-order">#{data.order}</span> : null}
      <span className="graph-node-name">{data.name}</span>
      <span className="graph-node-lines">{data.lines}</span>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

export const FileNode = memo(FileNodeView);
