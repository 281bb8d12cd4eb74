export const JOBS_PATH = "/admin/jobs";
