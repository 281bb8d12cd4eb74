import type { PresentedPhoto } from "@/lib/meals/present";
import { ApiError, apiErrorFrom, networkError } from "../api";

export type UploadedPhoto = PresentedPhoto;

interface UploadOptions {
  mealId: string;
  file: Blob;
  fileName: string;
  /** Idempotency key: the same photo sent again with the same id is stored once. */
  clientUploadId: string;
  /** Called with 0..1 as the bytes go out. */
  onProgress: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * POST /api/meals/:id/photos as multipart (`file` + `clientUploadId`). XMLHttpRequest rather than
 * fetch because only XHR reports upload progress in every browser.
 */
export function uploadPhoto({ mealId, file, fileName, clientUploadId, onProgress, signal }: UploadOptions) {
  return new Promise<UploadedPhoto>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/meals/${encodeURIComponent(mealId)}/photos`);
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          const body = JSON.parse(xhr.responseText) as { photo: UploadedPhoto };
          onProgress(1);
          resolve(body.photo);
        } catch {
          reject(
            new ApiError(xhr.status, "bad_response", "The server sent an unreadable answer. Try again."),
          );
        }
      } else {
        reject(apiErrorFrom(xhr.status, xhr.responseText));
      }
    };
    xhr.onerror = () => reject(networkError());
    xhr.ontimeout = () => reject(networkError());
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });

    const form = new FormData();
    form.append("clientUploadId", clientUploadId);
    form.append("file", file, fileName);
    xhr.send(form);
  });
}
