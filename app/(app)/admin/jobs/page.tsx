import type { Metadata } from "next";
import { requireAdmin } from "@/app/_lib/current-user";
import { readingPage } from "@/app/_lib/unavailable";
import { JOBS_PATH } from "@/components/admin/jobs-url";
import { JobsView } from "@/components/admin/jobs-view";
import { jobsOverview } from "@/lib/admin/jobs-overview";
import { inngestRunsUrl } from "@/lib/jobs/inngest-dashboard";
import { retryFailedPhotoAction } from "./actions";

export const metadata: Metadata = { title: "Jobs" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function JobsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdmin(JOBS_PATH);
  const { retry } = await searchParams;
  return (
    <JobsView
      overview={await readingPage(jobsOverview)}
      runsUrl={inngestRunsUrl()}
      retryOutcome={retry === "queued" || retry === "refused" ? retry : null}
      retryAction={retryFailedPhotoAction}
    />
  );
}
