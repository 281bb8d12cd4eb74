"use client";

import { type ReactNode, useEffect, useId, useRef } from "react";
import styles from "./dialog.module.css";

const FIRST_FOCUS = [
  "[data-autofocus]",
  "[data-dialog-body] input:not([disabled]):not([type=hidden])",
  "[data-dialog-body] select:not([disabled])",
  "[data-dialog-body] textarea:not([disabled])",
].join(", ");

interface DialogProps {
  open: boolean;
  title: string;
  /** Called for Escape, the close button and a click on the backdrop. */
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom, usually Cancel and the primary action. */
  footer?: ReactNode;
}

/**
 * A modal dialog on the native <dialog>: showModal() makes the rest of the page inert (focus
 * stays inside), Escape closes it, and the browser returns focus to the opener on close. It opens
 * on its first field, or on the control marked `data-autofocus`.
 */
export function Dialog({ open, title, onClose, children, footer }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // Open on the first field (or the button marked data-autofocus), not on the close button.
      dialog.querySelector<HTMLElement>(FIRST_FOCUS)?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the backdrop click's keyboard twin is Escape (onCancel)
    <dialog
      ref={ref}
      className={styles.dialog}
      aria-labelledby={titleId}
      onCancel={(event) => {
        // A dialog opened from this one through a portal: React passes its cancel up to here.
        if (event.target !== event.currentTarget) return;
        event.preventDefault(); // React owns `open`: close through the parent's state
        onClose();
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose(); // the backdrop, not the content
      }}
    >
      {open && (
        <div className={styles.content}>
          <div className={styles.header}>
            <h2 id={titleId} className={styles.title}>
              {title}
            </h2>
            <button type="button" className={styles.close} onClick={onClose}>
              <span aria-hidden="true">✕</span>
              <span className="visually-hidden">Close</span>
            </button>
          </div>
          <div className={styles.body} data-dialog-body>
            {children}
          </div>
          {footer && <div className={styles.footer}>{footer}</div>}
        </div>
      )}
    </dialog>
  );
}
