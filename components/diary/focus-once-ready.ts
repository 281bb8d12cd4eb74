/**
 * Focuses what `find` returns once `ready()` holds — after React has rendered a deleted element
 * away (and a closing dialog has handed focus back to an opener that is gone), or has rendered a
 * restored one — trying each frame for about a second. An element that is not focusable by
 * itself (a heading, a paragraph) is made focusable from script only.
 */
export function focusOnceReady(
  find: () => HTMLElement | null,
  ready: () => boolean = () => true,
  framesLeft = 60,
) {
  const element = ready() ? find() : null;
  if (!element) {
    if (framesLeft > 0) requestAnimationFrame(() => focusOnceReady(find, ready, framesLeft - 1));
    return;
  }
  if (element.tabIndex < 0 && !element.hasAttribute("tabindex")) element.tabIndex = -1;
  element.focus();
}
