/**
 * Commands and events are plain `{ type, data, metadata }` records. Time and ids arrive in
 * metadata so deciders stay pure (no clock, no random, no I/O).
 */
export interface MessageMetadata {
  /** Id of the event to be produced by this command (first event; later ones derive from it). */
  eventId?: string;
  correlationId: string;
  causationId: string;
  actor: string;
  /** ISO-8601 instant supplied by the caller. */
  timestamp: string;
}

export interface Command<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  metadata: MessageMetadata;
}

export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

/** After Emmett: an aggregate is three pure functions. */
export interface Decider<State, C extends Command, E extends DomainEvent> {
  decide(command: C, state: State): E[];
  evolve(state: State, event: E): State;
  initialState(): State;
}

export const fold = <State, E extends DomainEvent>(
  decider: Pick<Decider<State, never, E>, 'evolve' | 'initialState'>,
  events: readonly E[],
): State => events.reduce(decider.evolve, decider.initialState());

/** Compile-time exhaustiveness check for switches over discriminated unions. */
export const assertNever = (value: never): never => {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
};
