import { claimAlarmTransitions } from "@/lib/alerts/alarm-transitions";
import { postAlarmTransition } from "@/lib/alerts/post-alarm-transition";
import { inngest } from "@/lib/jobs/client";

/**
 * Every minute: the integrity alarms that turned on or off are posted once to ALERT_WEBHOOK_URL.
 * Claiming is its own step, so a failed post is retried without claiming again.
 */
export const checkAlarms = inngest.createFunction(
  {
    id: "check-alarms",
    name: "Post integrity alarm changes",
    triggers: [{ cron: "* * * * *" }],
    concurrency: 1,
  },
  async ({ step }) => {
    const transitions = await step.run("claim-transitions", () => claimAlarmTransitions());
    for (const transition of transitions) {
      await step.run(`post-${transition.alarm}-${transition.firing ? "on" : "off"}`, () =>
        postAlarmTransition(transition),
      );
    }
    return { transitions: transitions.length };
  },
);
