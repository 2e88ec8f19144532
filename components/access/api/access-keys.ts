export const tokenKeys = {
  all: ['tokens'] as const,
  list: (all: boolean) => [...tokenKeys.all, { all }] as const,
};

export const userKeys = {
  all: ['users'] as const,
};
