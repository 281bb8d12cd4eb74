import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { requireAdmin } from "@/app/_lib/current-user";
import { throwIfPrefetchUnavailable } from "@/app/_lib/unavailable";
import { AUDIT_PATH, eventsKey, integrityKey, statsKey } from "@/components/admin/audit-url";
import { CancelAuditView } from "@/components/admin/cancel-audit-view";
import { cancelStats } from "@/lib/admin/cancel-stats";
import { type CancelEventFilters, cancelEventFilters, cancelStatsQuery } from "@/lib/admin/inputs";
import { integrityReport } from "@/lib/admin/integrity-report";
import { listCancelEvents } from "@/lib/admin/list-cancel-events";

export const metadata: Metadata = { title: "Cancel audit" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function CancelAuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdmin(AUDIT_PATH);

  const raw = Object.fromEntries(
    Object.entries(await searchParams).map(([name, value]) => [
      name,
      Array.isArray(value) ? value[0] : value,
    ]),
  );
  // A hand-edited URL with a bad filter still shows the page: unfiltered, with a warning.
  const parsedFilters = cancelEventFilters.safeParse(raw);
  const parsedWindow = cancelStatsQuery.safeParse(raw);
  const filters: CancelEventFilters = parsedFilters.success ? parsedFilters.data : {};
  const window = parsedWindow.success ? parsedWindow.data.window : "24h";
  const invalidFields = [parsedFilters.error, parsedWindow.error].flatMap(
    (error) => error?.issues.map((issue) => issue.path.join(".")) ?? [],
  );

  const queryClient = new QueryClient();
  await Promise.all([
    queryClient.prefetchQuery({ queryKey: statsKey(window), queryFn: () => cancelStats(window) }),
    queryClient.prefetchQuery({ queryKey: integrityKey, queryFn: () => integrityReport() }),
    queryClient.prefetchInfiniteQuery({
      queryKey: eventsKey(filters),
      queryFn: () => listCancelEvents(filters),
      initialPageParam: null,
    }),
  ]);
  throwIfPrefetchUnavailable(queryClient);

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <CancelAuditView window={window} filters={filters} invalidFields={invalidFields} />
    </HydrationBoundary>
  );
}
