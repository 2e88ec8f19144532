import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { EDGE_STROKE } from './edge-stroke';
import type { FlowEdge } from './flow-elements';
import styles from './flow-edge.module.css';

/** Thicker for busier edges, on a log scale: 1.25 px idle, about 3 px at 100 ev/s. */
function strokeWidth(eventsPerSec: number): number {
  return Math.round((1.25 + Math.log10(1 + Math.max(0, eventsPerSec)) * 0.9) * 100) / 100;
}

/**
 * A flow between two nodes: coloured by its error rate, an arrow head at its target, dashes moving while
 * events flow if the user turned motion on (React Flow's `animated`), and its rate as a label at the middle.
 */
export const FlowEdgeView = memo(function FlowEdgeView({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  data,
  markerEnd,
}: EdgeProps<FlowEdge>) {
  const [path, labelX, labelY] = getBezierPath({
    sourceX,
    sourceY,
    sourcePosition,
    targetX,
    targetY,
    targetPosition,
  });
  const tone = data?.tone ?? 'neutral';
  const flowing = (data?.eventsPerSec ?? 0) > 0;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        style={{ stroke: EDGE_STROKE[tone], strokeWidth: strokeWidth(data?.eventsPerSec ?? 0) }}
      />
      {data && flowing ? (
        <EdgeLabelRenderer>
          <div
            className={styles.label}
            data-tone={tone}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {data.text}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
});
