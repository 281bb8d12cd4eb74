import { redirect } from "next/navigation";
import { currentUser } from "@/app/_lib/current-user";

export default async function HomePage() {
  redirect((await currentUser()) ? "/diary" : "/sign-in");
}
