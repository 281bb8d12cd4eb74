"use client";

import {
  createContext,
  type FocusEvent,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
} from "react";
import styles from "./toast.module.css";

type ToastTone = "error" | "success" | "info";

interface ToastAction {
  label: string;
  onClick: () => void;
  /**
   * Told `true` while the pointer or focus is on the toast and `false` once neither is (or the
   * toast is gone): an action with a deadline, like Undo, waits meanwhile.
   */
  onHold?: (held: boolean) => void;
}

interface Toast {
  id: number;
  tone: ToastTone;
  message: string;
  action?: ToastAction;
}

interface ToastOptions {
  /** Stays until dismissed (or dismissed by its id), like an error. */
  persist?: boolean;
  /** One button beside the message, e.g. Undo; pressing it also dismisses the toast. */
  action?: ToastAction;
}

/** Shows a toast and returns its id (for dismissing it once it no longer holds). */
type ShowToast = (message: string, tone?: ToastTone, options?: ToastOptions) => number;

const ToastContext = createContext<ShowToast | null>(null);
const DismissContext = createContext<(id: number) => void>(() => {});

// Long enough to read two lines; errors stay until dismissed so nobody misses one.
const DISMISS_AFTER_MS = 6000;

/**
 * A small toast region. It is always in the page (a live region must exist before its content
 * changes to be announced): successes and info are read politely, errors at once (role=alert).
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);

  const show = useCallback<ShowToast>(
    (message, tone = "info", options) => {
      const id = nextId.current++;
      setToasts((list) => [...list.slice(-2), { id, tone, message, action: options?.action }]);
      if (tone !== "error" && !options?.persist) setTimeout(() => dismiss(id), DISMISS_AFTER_MS);
      return id;
    },
    [dismiss],
  );

  const polite = toasts.filter((t) => t.tone !== "error");
  const urgent = toasts.filter((t) => t.tone === "error");

  return (
    <ToastContext.Provider value={show}>
      <DismissContext.Provider value={dismiss}>{children}</DismissContext.Provider>
      <section className={styles.region} aria-label="Notifications">
        <div role="alert">
          {urgent.map((toast) => (
            <ToastCard key={toast.id} toast={toast} onDismiss={dismiss} />
          ))}
        </div>
        <div role="status" aria-live="polite">
          {polite.map((toast) => (
            <ToastCard key={toast.id} toast={toast} onDismiss={dismiss} />
          ))}
        </div>
      </section>
    </ToastContext.Provider>
  );
}

/** Tells the action whether the pointer or focus is on its toast; released when the toast goes. */
function useHold(onHold: ((held: boolean) => void) | undefined) {
  const on = useRef({ pointer: false, focus: false, held: false });
  const update = (change: Partial<{ pointer: boolean; focus: boolean }>) => {
    Object.assign(on.current, change);
    const held = on.current.pointer || on.current.focus;
    if (held === on.current.held) return;
    on.current.held = held;
    onHold?.(held);
  };
  useEffect(
    () => () => {
      if (on.current.held) onHold?.(false);
    },
    [onHold],
  );
  if (!onHold) return {};
  return {
    onPointerEnter: () => update({ pointer: true }),
    onPointerLeave: () => update({ pointer: false }),
    onFocus: () => update({ focus: true }),
    onBlur: (event: FocusEvent) => {
      if (!event.currentTarget.contains(event.relatedTarget)) update({ focus: false });
    },
  };
}

function ToastCard({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  const hold = useHold(toast.action?.onHold);
  return (
    <div className={`${styles.toast} ${styles[toast.tone]}`} {...hold}>
      <p className={styles.message}>{toast.message}</p>
      {toast.action && (
        <button
          type="button"
          className={styles.action}
          onClick={() => {
            toast.action?.onClick();
            onDismiss(toast.id);
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button type="button" className={styles.close} onClick={() => onDismiss(toast.id)}>
        <span aria-hidden="true">✕</span>
        <span className="visually-hidden">Dismiss</span>
      </button>
    </div>
  );
}

/** Shows a toast: `toast("Saved", "success")`, `toast(error.message, "error")`. */
export function useToast(): ShowToast {
  const show = useContext(ToastContext);
  if (!show) throw new Error("useToast needs a <ToastProvider> above it");
  return show;
}

/** Dismisses a toast by the id `toast()` returned. */
export const useDismissToast = () => useContext(DismissContext);
