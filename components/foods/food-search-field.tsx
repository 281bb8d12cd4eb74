"use client";

import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import { formatKcal } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { describedBy, FieldShell } from "@/components/ui/field";
import fieldStyles from "@/components/ui/field.module.css";
import styles from "./food-search-field.module.css";
import { DERIVED_ENERGY_LABEL, FOOD_SOURCE_LABELS } from "./food-sources";
import type { OwnFoodKind } from "./own-food-creator";
import { type FoodOption, searchedText, useFoodSearch } from "./use-food-search";

interface FoodSearchFieldProps {
  label: string;
  /** The name as typed, or the name of the food picked. */
  value: string;
  /** Free text typed: the name is the user's own, no food is picked any more. */
  onType: (name: string) => void;
  onPick: (food: FoodOption) => void;
  /** What the user can do when no food matches the typed name (shown under "No food matches …"). */
  noMatch: ReactNode;
  /**
   * Offers "Create a food" and "Create a recipe" when no food matches (useOwnFoodCreator), with the
   * field to give the focus back to once the food is made.
   */
  onCreate?: (kind: OwnFoodKind, returnFocusTo: HTMLElement) => void;
  hint?: string;
  error?: string;
  placeholder?: string;
}

/**
 * The name field that searches the food table as you type (the WAI-ARIA combobox pattern with a
 * listbox popup): ↓/↑ move through the foods, Enter picks one, Escape closes the list. Empty, it
 * offers the user's recent foods when focused; holding a name (Edit food opens on it), the list
 * waits for typing or ↓, so it never pops open and pushes the dialog's buttons from under a tap.
 * Typing a name that is not picked keeps it as free text; when no food matches it, the field says
 * so (visibly, and to screen readers through its status) with the caller's `noMatch` actions, and
 * with `onCreate` offers to create a food or a recipe of the user's own. The user's own foods
 * carry a "Yours" tag.
 */
export function FoodSearchField({
  label,
  value,
  onType,
  onPick,
  noMatch,
  onCreate,
  hint,
  error,
  placeholder,
}: FoodSearchFieldProps) {
  const id = useId();
  const listId = `${id}-foods`;
  const inputRef = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  // Set once the user types here: the answer "no food matches" then stays after the field loses
  // the focus (to Save), so the form does not jump under the pointer on its way there.
  const [typedHere, setTypedHere] = useState(false);
  // Once typed here, the search runs with the focus elsewhere too, so "no food matches" can say so
  // after the user moved on before the answer came.
  const search = useFoodSearch(value, open || typedHere);
  const options = search.data ?? [];
  const expanded = open && options.length > 0;
  const typed = value.trim();
  // Only an answer to what is typed now: not the recent foods nor a previous search still showing
  // during the debounce or the search.
  const noFoodMatches =
    typedHere &&
    typed !== "" &&
    search.query === searchedText(value) &&
    search.isSuccess &&
    !search.isPlaceholderData &&
    !search.isFetching &&
    options.length === 0;
  const optionId = (index: number) => `${id}-food-${index}`;

  useEffect(() => {
    if (active >= 0) document.getElementById(optionId(active))?.scrollIntoView({ block: "nearest" });
  });

  function pick(food: FoodOption) {
    onPick(food);
    setOpen(false);
    setActive(-1);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!open) setOpen(true);
        else if (options.length > 0) setActive((index) => Math.min(index + 1, options.length - 1));
        break;
      case "ArrowUp":
        event.preventDefault();
        setActive((index) => Math.max(index - 1, 0));
        break;
      case "Enter": {
        const food = expanded ? options[active] : undefined;
        if (food) {
          event.preventDefault(); // pick, do not submit the form
          pick(food);
        }
        break;
      }
      case "Escape":
        if (expanded) {
          event.preventDefault(); // close the list, not the dialog
          event.stopPropagation();
          setOpen(false);
        }
        break;
    }
  }

  const recentList = value.trim() === "";
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <input
        ref={inputRef}
        id={id}
        className={fieldStyles.control}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={[describedBy(id, hint, error), `${id}-status`].filter(Boolean).join(" ")}
        autoComplete="off"
        spellCheck={false}
        maxLength={120}
        placeholder={placeholder}
        value={value}
        onChange={(event) => {
          onType(event.target.value);
          setOpen(true);
          setTypedHere(true);
          setActive(-1); // new foods are coming: Enter keeps the typed name until one is chosen
        }}
        onFocus={() => setOpen(value.trim() === "")}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <div
        id={listId}
        role="listbox"
        aria-label={recentList ? "Your recent foods" : "Foods matching the name"}
        className={styles.list}
        hidden={!expanded}
      >
        {expanded &&
          options.map((food, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard twin is the input's ↓/↑ and Enter (combobox pattern)
            <div
              key={food.id}
              id={optionId(index)}
              role="option"
              tabIndex={-1}
              aria-selected={index === active}
              className={styles.option}
              onMouseDown={(event) => event.preventDefault()} // keep the focus in the input
              onClick={() => pick(food)}
            >
              <span className={styles.name}>
                {food.name} {food.own && <Badge tone="info">Yours</Badge>}
              </span>
              <span className={styles.kcal}>{formatKcal(food.per100g.kcal)}/100 g</span>
              <span className={styles.meta}>
                {food.recent
                  ? `Recent · ${food.recent.uses}× · ${food.recent.lastGrams} g last time`
                  : food.own
                    ? food.group
                    : `${food.localName ? `Also called ${food.localName} · ` : ""}${food.group} · ${FOOD_SOURCE_LABELS[food.source]}`}
                {food.energyBasis === "derived" && ` · ${DERIVED_ENERGY_LABEL}`}
              </span>
            </div>
          ))}
      </div>
      <div
        id={`${id}-status`}
        role="status"
        className={noFoodMatches ? styles.noMatch : "visually-hidden"}
        aria-live="polite"
      >
        {noFoodMatches ? (
          <>
            <p className={styles.noMatchTitle}>No food matches “{typed}”</p>
            {noMatch}
            {onCreate && (
              <span className={styles.createActions}>
                {(["food", "recipe"] as const).map((kind) => (
                  <Button
                    key={kind}
                    variant="secondary"
                    size="small"
                    onClick={() => inputRef.current && onCreate(kind, inputRef.current)}
                  >
                    Create a {kind}
                  </Button>
                ))}
              </span>
            )}
          </>
        ) : open && !search.isFetching && typed !== "" && options.length > 0 ? (
          `${options.length} foods found; use the arrow keys to choose one.`
        ) : (
          ""
        )}
      </div>
    </FieldShell>
  );
}
