/**
 * The name the console itself goes by on the bus: the process that asks aggregate owners for states,
 * controls projections and acts on sagas. It is EventLens, not one of the application's services,
 * so the views of the bus leave it out (bus-state.ts).
 */
export const CONSOLE_SERVICE = 'eventlens-console';

/** The `source` of the events the console publishes (operator actions on sagas). */
export const CONSOLE_SOURCE = `/services/${CONSOLE_SERVICE}`;
