export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Imported only here, so the Edge bundle leaves out process.exit and the server's modules.
  const { startServerOrExit } = await import("./lib/start-server-or-exit");
  await startServerOrExit();
}
