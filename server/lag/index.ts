export { modelLag, type LagInput } from './model';
export { worstOf } from './worst';
export type { LagPoint } from './fit';
