import { config } from "@/lib/config";
import styles from "./demo-recognizer-notice.module.css";

/**
 * Server component: says plainly, when the built-in demo recognizer is the one in use, that it
 * does not look at photos and makes up example foods, and how an operator connects a real vision
 * model. It reads only which recognizer is configured, never a key or an address.
 */
export function DemoRecognizerNotice() {
  if (config().RECOGNITION_PROVIDER !== "demo") return null;
  return (
    <aside className={styles.notice} aria-labelledby="demo-recognizer-title">
      <p>
        <strong id="demo-recognizer-title">This is a demo: foods are examples.</strong> Mealsnap is running
        its built-in demo recognizer. It does not look at your photo; it picks example foods and portions, so
        they are not what you ate. They are marked <em>example</em> in your meals, diary and totals, and stay
        out of your recent foods. Tap an item to say what you really ate.
      </p>
      <details className={styles.howTo}>
        <summary>How to recognise real meals</summary>
        <p>
          Whoever runs this Mealsnap connects a vision model: any service that speaks the OpenAI API works,
          such as OpenAI or OpenRouter, or a model on your own machine with Ollama, llama.cpp or vLLM. Set{" "}
          <code>RECOGNITION_PROVIDER=openai</code>, <code>OPENAI_BASE_URL</code> (for Ollama,{" "}
          <code>http://localhost:11434/v1</code>), <code>RECOGNITION_MODEL</code> (a vision model, e.g.{" "}
          <code>qwen2.5vl</code>) and, for a hosted service, <code>OPENAI_API_KEY</code>, then restart. The
          README&apos;s &ldquo;Connecting a vision model&rdquo; has the details.
        </p>
      </details>
    </aside>
  );
}
