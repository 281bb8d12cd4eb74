import { config } from "@/lib/config";
import styles from "./demo-recognizer-notice.module.css";

/**
 * Server component: says plainly when photos are "recognised" by the built-in demo recognizer,
 * which makes foods up from a photo's bytes instead of looking at it.
 */
export function DemoRecognizerNotice() {
  if (config().RECOGNITION_PROVIDER !== "demo") return null;
  return (
    <p className={styles.notice}>
      <strong>Demo recognizer.</strong> Foods and portions are invented from each photo&apos;s file, not read
      from the picture. An operator can switch on real recognition with{" "}
      <code>RECOGNITION_PROVIDER=openai</code>.
    </p>
  );
}
