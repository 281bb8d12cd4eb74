/**
 * The browser's own previews of photos it just uploaded, by photo id: the meal page shows these at
 * once instead of downloading each stored photo again over a slow link. They live as long as the
 * page does (a reload starts without them, and the page then loads the stored photo).
 */
const previews = new Map<string, string>();

export function rememberLocalPreviews(
  uploads: readonly { previewUrl: string; photo: { id: string } | null }[],
) {
  for (const upload of uploads) if (upload.photo) previews.set(upload.photo.id, upload.previewUrl);
}

export const localPreviewOf = (photoId: string) => previews.get(photoId);
