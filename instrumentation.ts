export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  try {
    const { startServer } = await import("./lib/server-start");
    await startServer();
  } catch (error) {
    // `next start` would otherwise keep serving with a broken configuration.
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
