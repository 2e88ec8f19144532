import { createContext } from 'react';

/**
 * How a node asks for its details panel. Passed by context rather than in node data, so live ticks
 * never hand every node a new callback (and a new reason to re-render).
 */
export const OpenNodeContext = createContext<(id: string) => void>(() => undefined);
