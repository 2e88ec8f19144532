import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from '@/components/lib/api-send';
import {
  ProjectionActionResult,
  type ProjectionAction,
  type ProjectionActionRequest,
} from '@/server/contracts/projections';
import { projectionKeys } from './projection-keys';

export interface ProjectionActionInput extends ProjectionActionRequest {
  name: string;
  action: ProjectionAction;
}

/** POST /api/projections/{name}/{rebuild|pause|resume}. */
export async function runProjectionAction({
  name,
  action,
  ...body
}: ProjectionActionInput): Promise<ProjectionActionResult> {
  const result = await apiSend(
    'POST',
    `/api/projections/${encodeURIComponent(name)}/${action}`,
    body,
    ProjectionActionResult,
  );
  if (!result) throw new Error(`the ${action} answer was empty`);
  return result;
}

/** The action is done in Redis when the POST answers: the list and the open detail refetch at once. */
export function useProjectionAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: runProjectionAction,
    onSettled: () => queryClient.invalidateQueries({ queryKey: projectionKeys.all }),
  });
}
