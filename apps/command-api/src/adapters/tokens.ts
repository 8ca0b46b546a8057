/** SqlClient is an interface, so it needs a token; EventStore and the stores are abstract classes. */
export const SQL_CLIENT = Symbol('SQL_CLIENT');
export const COMMAND_API_CONFIG = Symbol('COMMAND_API_CONFIG');
