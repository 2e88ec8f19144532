export { modelLag, type LagInput } from './model';
export type { LagPoint } from './fit';
