/**
 * The sizes a stored photo is served in, shared by the server (which makes the small copy) and
 * the pages (which offer both through srcset and let the browser pick).
 */
export const SMALL_PHOTO_WIDTH = 480;
/** Photos are stored at most this wide (the browser shrinks them to it before upload). */
export const FULL_PHOTO_WIDTH = 1600;

/** `srcset` for a stored photo's URL: the small copy for cards, the full photo for wide screens. */
export const photoSrcSet = (url: string) =>
  `${url}?size=small ${SMALL_PHOTO_WIDTH}w, ${url} ${FULL_PHOTO_WIDTH}w`;
