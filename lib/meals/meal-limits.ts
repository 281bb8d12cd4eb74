// Shared with the browser (the add-meal form), so not `server-only`: no imports.

/** The most photos one meal takes; the upload route answers 409 `photo_limit` beyond. */
export const MAX_PHOTOS_PER_MEAL = 10;

/** The most grams one food item weighs; the item routes answer 400 beyond. */
export const MAX_ITEM_GRAMS = 5000;
