import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { requireUser } from "@/app/_lib/current-user";
import { throwIfPrefetchUnavailable } from "@/app/_lib/unavailable";
import { DiaryView } from "@/components/diary/diary-view";
import { isIsoDate, localDate } from "@/components/format";
import { diaryKey } from "@/components/query-keys";
import { getDiary } from "@/lib/meals/get-diary";

export const metadata: Metadata = { title: "Diary" };

export default async function DiaryPage({
  searchParams,
}: {
  searchParams: Promise<{ date?: string | string[] }>;
}) {
  const raw = (await searchParams).date;
  const dateParam = isIsoDate(raw) ? raw : null;
  const user = await requireUser(dateParam ? `/diary?date=${dateParam}` : "/diary");

  // Without a date in the URL the browser picks "today" in the user's time zone; the server's
  // today is prefetched because it is usually the same day.
  const serverToday = localDate();
  const date = dateParam ?? serverToday;
  const queryClient = new QueryClient();
  await queryClient.prefetchQuery({ queryKey: diaryKey(date), queryFn: () => getDiary(user.id, date) });
  throwIfPrefetchUnavailable(queryClient);

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <DiaryView dateParam={dateParam} serverToday={serverToday} />
    </HydrationBoundary>
  );
}
