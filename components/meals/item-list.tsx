import { formatAmount, formatKcal } from "@/components/format";
import type { Macros as MacroValues } from "@/lib/meals/macros";
import styles from "./item-list.module.css";
import { Macros } from "./macros";

export interface FoodItemView extends MacroValues {
  id: string;
  name: string;
  grams: number;
  source?: "ai" | "manual";
  /** The food-table food the values come from; null on a recognised item = the recognizer's estimate. */
  foodId?: string | null;
  /** Made up by the demo recognizer, not recognised from the photo. */
  example?: boolean;
  /** The household portion the grams were given in: "2 × roti". */
  portion?: { label: string; count: number } | null;
}

/** Whether any of the items is an example, so the totals over them include made-up values. */
export const includesExamples = (items: readonly { example?: boolean }[]) =>
  items.some((item) => item.example);

/** What an example is, in the words every mark of one uses. */
export const EXAMPLE_MEANING = "made up by the demo recognizer, not recognised from your photo";

/** What an estimated item is, in plain words, wherever one shows. */
export const ESTIMATE_MEANING = "Estimate from the photo — not in the food table";

/** A recognised item whose name matched no food: its numbers are the recognizer's own estimate. */
export const isEstimate = (item: Pick<FoodItemView, "source" | "foodId">) =>
  item.source === "ai" && item.foodId === null;

/** The id of an item's edit button, where focus goes back to (or on to, after a delete). */
export const itemEditButtonId = (itemId: string) => `edit-item-${itemId}`;

interface ItemListProps<T extends FoodItemView> {
  items: readonly T[];
  label?: string;
  /** Makes each item's name a button that opens its editor. */
  onEdit?: (item: T) => void;
}

/**
 * The recognised (or hand-added) food items of a meal: name, amount ("2 × roti (80 g)"), kcal and
 * macros; a recognised item whose name matched no food says in words that its numbers are the
 * photo's estimate, an example (the demo recognizer's) is marked as an example.
 */
export function ItemList<T extends FoodItemView>({ items, label, onEdit }: ItemListProps<T>) {
  return (
    <ul className={styles.list} aria-label={label}>
      {items.map((item) => {
        const text = (
          <>
            {item.name} <span className={styles.grams}>{formatAmount(item.grams, item.portion)}</span>
          </>
        );
        return (
          <li key={item.id} className={styles.item}>
            {onEdit ? (
              <button
                type="button"
                id={itemEditButtonId(item.id)}
                className={`${styles.name} ${styles.edit}`}
                onClick={() => onEdit(item)}
              >
                <span className="visually-hidden">Edit </span>
                {text}
                <span className={styles.pencil} aria-hidden="true">
                  ✎
                </span>
              </button>
            ) : (
              <span className={styles.name}>{text}</span>
            )}
            <span className={styles.kcal}>
              {item.example && (
                <span className={styles.example} title={`Example: ${EXAMPLE_MEANING}`}>
                  example<span className="visually-hidden">, {EXAMPLE_MEANING}</span>
                </span>
              )}
              {formatKcal(item.kcal)}
            </span>
            <span className={styles.macros}>
              <Macros values={item} />
            </span>
            {isEstimate(item) && <span className={styles.estimated}>{ESTIMATE_MEANING}</span>}
          </li>
        );
      })}
    </ul>
  );
}
