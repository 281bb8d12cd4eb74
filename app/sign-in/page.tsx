import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUserFromDatabase } from "@/app/_lib/current-user";
import { AuthCard } from "@/components/auth/auth-card";
import { AuthForm } from "@/components/auth/auth-form";
import { safeNext } from "@/components/auth/safe-next";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const next = safeNext((await searchParams).next);
  if (await currentUserFromDatabase()) redirect(next);
  return (
    <AuthCard title="Welcome back" subtitle="Sign in to see your food diary.">
      <AuthForm mode="sign-in" next={next} />
    </AuthCard>
  );
}
