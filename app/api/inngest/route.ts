import { serve } from "inngest/next";
import { functions } from "@/inngest/functions";
import { inngest } from "@/lib/jobs/client";

// Recognition can take a while with a real vision model.
export const maxDuration = 300;

export const { GET, POST, PUT } = serve({ client: inngest, functions });
