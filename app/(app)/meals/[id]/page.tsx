import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/app/_lib/current-user";
import { throwIfUnavailable } from "@/app/_lib/unavailable";
import { DemoRecognizerNotice } from "@/components/meals/demo-recognizer-notice";
import { MealDetailView } from "@/components/meals/meal-detail-view";
import { mealKey } from "@/components/query-keys";
import { AppError } from "@/lib/http/errors";
import { getMeal } from "@/lib/meals/get-meal";

export const metadata: Metadata = { title: "Meal" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function MealPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/meals/${encodeURIComponent(id)}`);
  if (!UUID.test(id)) notFound();

  const queryClient = new QueryClient();
  try {
    const detail = await getMeal(user.id, id);
    queryClient.setQueryData(mealKey(id), detail);
  } catch (error) {
    if (error instanceof AppError && error.status === 404) notFound();
    throwIfUnavailable(error);
    // Anything else: the client fetches and shows its own error state.
  }

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <DemoRecognizerNotice />
      <MealDetailView mealId={id} />
    </HydrationBoundary>
  );
}
