import { MEAL_TYPE_LABELS, MEAL_TYPES, type MealTypeName } from "@/components/format";
import styles from "./meal-type-picker.module.css";

interface MealTypePickerProps {
  value: MealTypeName;
  onChange: (value: MealTypeName) => void;
  disabled?: boolean;
}

/** Breakfast / lunch / dinner / snack as a radio group (arrow keys move between them). */
export function MealTypePicker({ value, onChange, disabled = false }: MealTypePickerProps) {
  return (
    <fieldset className={styles.fieldset} disabled={disabled}>
      <legend className={styles.legend}>Meal</legend>
      <div className={styles.options}>
        {MEAL_TYPES.map((type) => (
          <label key={type} className={styles.option}>
            <input
              className={styles.input}
              type="radio"
              name="mealType"
              value={type}
              checked={value === type}
              onChange={() => onChange(type)}
            />
            <span className={styles.label}>{MEAL_TYPE_LABELS[type]}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
