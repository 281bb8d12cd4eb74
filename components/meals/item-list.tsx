import { formatGrams, formatKcal } from "@/components/format";
import styles from "./item-list.module.css";
import { Macros } from "./macros";

export interface FoodItemView {
  id: string;
  name: string;
  grams: number;
  kcal: number;
  protein: number;
  fat: number;
  carbs: number;
}

/** The recognised (or hand-added) food items of a meal: name, grams, kcal and macros. */
export function ItemList({ items, label }: { items: readonly FoodItemView[]; label?: string }) {
  return (
    <ul className={styles.list} aria-label={label}>
      {items.map((item) => (
        <li key={item.id} className={styles.item}>
          <span className={styles.name}>
            {item.name} <span className={styles.grams}>{formatGrams(item.grams)}</span>
          </span>
          <span className={styles.kcal}>{formatKcal(item.kcal)}</span>
          <span className={styles.macros}>
            <Macros values={item} />
          </span>
        </li>
      ))}
    </ul>
  );
}
