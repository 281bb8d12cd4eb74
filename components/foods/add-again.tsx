"use client";

import { formatAmount } from "@/components/format";
import { Button } from "@/components/ui/button";
import styles from "./add-again.module.css";
import type { ItemPortion } from "./portions";
import { type FoodOption, useFoodSearch } from "./use-food-search";

const SHOWN = 4;

/** The user's latest foods as buttons: one tap adds the food again at its last portion ("1 × roti", or grams). */
export function AddAgain({
  onAdd,
  busy,
}: {
  onAdd: (food: FoodOption, grams: number, portion: ItemPortion | null) => void;
  busy: boolean;
}) {
  const recent = useFoodSearch("", true);
  const foods = (recent.data ?? []).slice(0, SHOWN);
  if (foods.length === 0) return null;
  return (
    <fieldset className={styles.again}>
      <legend className={styles.label}>Add again</legend>
      <div className={styles.buttons}>
        {foods.map((food) => {
          const grams = food.recent?.lastGrams ?? 100;
          return (
            <Button
              key={food.id}
              variant="secondary"
              size="small"
              disabled={busy}
              onClick={() => onAdd(food, grams, food.lastPortion)}
            >
              {food.name} · {formatAmount(grams, food.lastPortion)}
            </Button>
          );
        })}
      </div>
    </fieldset>
  );
}
