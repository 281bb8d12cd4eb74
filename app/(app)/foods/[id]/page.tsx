import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/app/_lib/current-user";
import { EditFoodScreen } from "@/components/foods/food-screens";

export const metadata: Metadata = { title: "Edit food" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function EditFoodPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireUser(`/foods/${encodeURIComponent(id)}`);
  if (!UUID.test(id)) notFound();
  return <EditFoodScreen id={id} />;
}
