"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireAdmin } from "@/app/_lib/current-user";
import { JOBS_PATH } from "@/components/admin/jobs-url";
import { retryFailedPhoto } from "@/lib/admin/retry-failed-photo";
import { AppError } from "@/lib/http/errors";

const retryForm = z.object({ photoId: z.uuid() });

/** The jobs page's Retry button: admins only; the outcome comes back in the page's address. */
export async function retryFailedPhotoAction(form: FormData): Promise<void> {
  await requireAdmin(JOBS_PATH);
  const parsed = retryForm.safeParse({ photoId: form.get("photoId") });
  if (!parsed.success) redirect(`${JOBS_PATH}?retry=refused`);
  let outcome = "queued";
  try {
    await retryFailedPhoto(parsed.data.photoId);
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    outcome = "refused";
  }
  redirect(`${JOBS_PATH}?retry=${outcome}&photo=${parsed.data.photoId}`);
}
