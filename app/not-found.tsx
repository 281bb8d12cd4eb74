import type { Metadata } from "next";
import { NotFoundPanel } from "@/components/app-shell/not-found-panel";

export const metadata: Metadata = { title: "Not found" };

export default function NotFound() {
  return <NotFoundPanel />;
}
