import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";

// Recognition can take a while with a real vision model.
export const maxDuration = 300;

export const { GET, POST, PUT } = serve({ client: inngest, functions });
