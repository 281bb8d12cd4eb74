const SQL_PARAMETERS = /\s*params:[\s\S]*$/;

/**
 * A failed query's error text (message, stack) without the parameters drizzle appends to it
 * (session tokens, emails, payloads): what logs and traces may keep of a database error.
 */
export const withoutSqlParameters = (text: string) => text.replace(SQL_PARAMETERS, "");
