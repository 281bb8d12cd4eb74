import { DiarySkeleton } from "@/components/diary/diary-skeleton";

export default function DiaryLoading() {
  return <DiarySkeleton />;
}
