/** The flows view's state in its URL: `?topic=…&service=…&node=…`. Pure parse and build. */
import type { FlowFilter } from './filter';

export interface FlowsUrlState extends FlowFilter {
  /** The node whose details panel is open. */
  node: string | null;
}

type Params = Pick<URLSearchParams, 'get'>;

const clean = (value: string | null): string | null => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed.slice(0, 300);
};

export function readFlowsUrl(params: Params): FlowsUrlState {
  return {
    topic: clean(params.get('topic')),
    service: clean(params.get('service')),
    node: clean(params.get('node')),
  };
}

/** The query string (with its `?`, or '' when empty) for a state, with `change` applied. */
export function flowsSearch(state: FlowsUrlState, change: Partial<FlowsUrlState> = {}): string {
  const next = { ...state, ...change };
  const params = new URLSearchParams();
  if (next.topic) params.set('topic', next.topic);
  if (next.service) params.set('service', next.service);
  if (next.node) params.set('node', next.node);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
