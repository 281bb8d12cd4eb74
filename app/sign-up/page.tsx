import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUserFromDatabase } from "@/app/_lib/current-user";
import { AuthCard } from "@/components/auth/auth-card";
import { AuthForm } from "@/components/auth/auth-form";
import { safeNext } from "@/components/auth/safe-next";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const next = safeNext((await searchParams).next);
  if (await currentUserFromDatabase()) redirect(next);
  return (
    <AuthCard title="Create your account" subtitle="Snap a meal, get calories and macros in seconds.">
      <AuthForm mode="sign-up" next={next} />
    </AuthCard>
  );
}
