"use client";

import { type ReactNode, useEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { Dialog } from "@/components/ui/dialog";
import { useHydrated } from "@/components/use-hydrated";
import type { FoodAnswer } from "./food-answer";
import { FoodForm } from "./food-form";
import { RecipeBuilder } from "./recipe-builder";
import type { FoodOption } from "./use-food-search";

export type OwnFoodKind = "food" | "recipe";

interface Request {
  kind: OwnFoodKind;
  name: string;
  /** Where the focus goes back once the food is made (the search field: its actions are gone then). */
  returnFocusTo: HTMLElement;
}

/**
 * Creating a food or a recipe from a search that found nothing, in a dialog over the one the
 * search is in: the item being added or edited stays as it was, and the new food is handed back
 * (`onCreated`) to be picked, as the search would answer it. The dialog is portalled to <body>, so its form is not inside the
 * caller's form.
 */
export function useOwnFoodCreator(onCreated: (food: FoodOption) => void): {
  open: (kind: OwnFoodKind, name: string, returnFocusTo: HTMLElement) => void;
  dialog: ReactNode;
} {
  const [request, setRequest] = useState<Request | null>(null);
  const focusAfterClose = useRef<HTMLElement | null>(null);
  const hydrated = useHydrated(); // a portal has no server HTML to hydrate

  // After the dialog closed (its effect, a child's, ran first): the browser gave the focus back to
  // the action that opened it, gone now the search has found the new food.
  useEffect(() => {
    if (request === null && focusAfterClose.current) {
      focusAfterClose.current.focus();
      focusAfterClose.current = null;
    }
  }, [request]);

  const close = () => setRequest(null);
  const created = (food: FoodAnswer) => {
    focusAfterClose.current = request?.returnFocusTo ?? null;
    setRequest(null);
    onCreated({ ...food, localName: null });
  };

  const dialog = !hydrated
    ? null
    : createPortal(
        <Dialog
          open={request !== null}
          title={request?.kind === "recipe" ? "New recipe" : "New food"}
          onClose={close}
        >
          {request?.kind === "food" && (
            <FoodForm initialName={request.name} onSaved={created} onCancel={close} />
          )}
          {request?.kind === "recipe" && (
            <RecipeBuilder initialName={request.name} onSaved={created} onCancel={close} />
          )}
        </Dialog>,
        document.body,
      );

  return {
    open: (kind, name, returnFocusTo) => setRequest({ kind, name: name.trim(), returnFocusTo }),
    dialog,
  };
}
