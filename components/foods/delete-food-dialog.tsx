"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { type FoodAnswer, isRecipe } from "./food-answer";
import styles from "./food-forms.module.css";
import { useDeleteFood } from "./own-food-mutations";

/**
 * Asks before deleting one of the user's foods, and says what stays: the items already logged
 * keep their calories and macros (they are copies), and recipes keep its name and weight.
 */
export function DeleteFoodDialog({
  food,
  onClose,
  onDeleted = onClose,
}: {
  food: FoodAnswer | null;
  onClose: () => void;
  onDeleted?: () => void;
}) {
  const remove = useDeleteFood();
  const kind = food && isRecipe(food) ? "recipe" : "food";
  const close = () => {
    remove.reset(); // a refusal was about this food, not the next one asked about
    onClose();
  };
  return (
    <Dialog open={food !== null} title={`Delete this ${kind}?`} onClose={close}>
      {food && (
        <>
          {remove.error && <Alert title={`The ${kind} was not deleted`}>{remove.error.message}</Alert>}
          <p>
            <strong>{food.name}</strong> leaves your foods and your searches. Meals you already logged with it
            keep their calories and macros.
          </p>
          <div className={styles.footer}>
            <Button variant="secondary" onClick={close} data-autofocus>
              Keep it
            </Button>
            <Button busy={remove.isPending} onClick={() => remove.mutate(food.id, { onSuccess: onDeleted })}>
              Delete {kind}
            </Button>
          </div>
        </>
      )}
    </Dialog>
  );
}
