/**
 * The server's start (lib/server-start.ts), or the end of the process: `next start` would
 * otherwise keep serving with a broken configuration. The import is inside the `try` because a
 * refused configuration is thrown while the modules load. Node.js only (instrumentation.ts).
 */
export async function startServerOrExit(): Promise<void> {
  try {
    const { startServer } = await import("./server-start");
    await startServer();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
