import os from "node:os";
import type { Sql } from "postgres";

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  loadAverage1m: number;
  node: string;
  postgres: string;
  platform: string;
}

/** What the figures were measured on, read at run time. */
export async function describeMachine(sql: Sql): Promise<MachineInfo> {
  const [row] = await sql<{ server_version: string }[]>`show server_version`;
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    node: process.version,
    postgres: row?.server_version ?? "unknown",
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}
