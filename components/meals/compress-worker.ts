import { shrinkToJpeg } from "./shrink-image";

/** Compresses one image off the main thread: receives a Blob, answers a JPEG Blob or null. */
const scope = self as unknown as {
  addEventListener(type: "message", listener: (event: MessageEvent<Blob>) => void): void;
  postMessage(message: Blob | null): void;
};

scope.addEventListener("message", async (event) => {
  scope.postMessage(await shrinkToJpeg(event.data).catch(() => null));
});
