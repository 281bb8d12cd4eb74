/**
 * A step's error carries its code in its message, `code: message`: the message is all of an error
 * that survives serialisation between a step's attempts, so the code that ends a photo FAILED
 * travels there (written where the failure is classified, read by the job's `fail`).
 */
const CODED = /^([a-z_]+): /;

export const codedMessage = (code: string, message: string): string => `${code}: ${message}`;

/** The code and the message of a coded message; no code when it carries none. */
export function readCodedMessage(text: string): { code: string | undefined; message: string } {
  const match = CODED.exec(text);
  return match
    ? { code: match[1], message: text.slice(match[0].length) }
    : { code: undefined, message: text };
}
