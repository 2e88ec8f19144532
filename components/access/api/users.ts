import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { apiSend } from '@/components/lib/api-send';
import type { Role } from '@/server/contracts/access';
import { UserList, UserRow, type NewUserRequest } from '@/server/contracts/users';
import { tokenKeys, userKeys } from './access-keys';

export function usersQueryOptions() {
  return queryOptions({
    queryKey: userKeys.all,
    queryFn: ({ signal }) => apiGet('/api/users', UserList, { signal }),
  });
}

export function useUsers(enabled: boolean) {
  return useQuery({ ...usersQueryOptions(), enabled });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: NewUserRequest) => (await apiSend('POST', '/api/users', input, UserRow))!,
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useSetUserRole() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, role }: { id: string; role: Role }) =>
      (await apiSend('PATCH', `/api/users/${encodeURIComponent(id)}`, { role }, UserRow))!,
    // a user's tokens list their owner's email and are capped by the owner's role
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: userKeys.all }),
        client.invalidateQueries({ queryKey: tokenKeys.all }),
      ]),
  });
}

export function useDeleteUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiSend('DELETE', `/api/users/${encodeURIComponent(id)}`, undefined, null),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: userKeys.all }),
        client.invalidateQueries({ queryKey: tokenKeys.all }),
      ]),
  });
}
