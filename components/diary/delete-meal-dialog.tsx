"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import styles from "./diary-dialogs.module.css";
import { useDeleteMeal } from "./diary-mutations";

interface DeleteMealDialogProps {
  open: boolean;
  mealId: string;
  mealTitle: string;
  date: string;
  onClose: () => void;
}

/**
 * Asks before deleting a meal from the diary; the server deletes it and stops its recognition.
 * The only place in the app that deletes a meal.
 */
export function DeleteMealDialog({ open, mealId, mealTitle, date, onClose }: DeleteMealDialogProps) {
  const remove = useDeleteMeal(date);
  return (
    <Dialog
      open={open}
      title={`Delete ${mealTitle}?`}
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Keep meal
          </Button>
          <Button
            className={styles.destructive}
            busy={remove.isPending}
            onClick={() => remove.mutate(mealId, { onSuccess: onClose })}
          >
            Delete meal
          </Button>
        </>
      }
    >
      <p>Its photos and food items leave your diary for good. This cannot be undone.</p>
      {remove.error && <Alert title="The meal was not deleted">{remove.error.message}</Alert>}
    </Dialog>
  );
}
