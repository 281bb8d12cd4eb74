"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError } from "@/components/api";
import styles from "@/components/app-shell/app-shell.module.css";
import { NotFoundPanel } from "@/components/app-shell/not-found-panel";
import { useFood } from "@/components/queries";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { DeleteFoodDialog } from "./delete-food-dialog";
import { type FoodAnswer, isRecipe } from "./food-answer";
import { FoodForm } from "./food-form";
import type { OwnFoodKind } from "./own-food-creator";
import { RecipeBuilder } from "./recipe-builder";

/** Back to My foods once a food is saved or deleted, saying so. */
function useBackToFoods() {
  const router = useRouter();
  const toast = useToast();
  return (message?: string) => {
    if (message) toast(message, "success");
    router.push("/foods");
  };
}

/** /foods/new and /foods/new-recipe: a new food or recipe, named as the search that led here typed it. */
export function NewFoodScreen({ kind, name }: { kind: OwnFoodKind; name: string }) {
  const back = useBackToFoods();
  const saved = (food: FoodAnswer) => back(`“${food.name}” is one of your foods now.`);
  return kind === "food" ? (
    <FoodForm initialName={name} onSaved={saved} onCancel={() => back()} />
  ) : (
    <RecipeBuilder initialName={name} onSaved={saved} onCancel={() => back()} />
  );
}

/** /foods/:id: one of the user's own foods or recipes to edit or delete; anyone else's is not found. */
export function EditFoodScreen({ id }: { id: string }) {
  const food = useFood(id);
  const back = useBackToFoods();
  const [deleting, setDeleting] = useState(false);

  if (food.isPending) return <Skeleton height="20rem" />;
  if (food.isError) {
    if (food.error instanceof ApiError && food.error.status === 404) return <NotFoundPanel />;
    return (
      <Alert
        title="This food could not be loaded"
        actions={<Button onClick={() => food.refetch()}>Try again</Button>}
      >
        {food.error.message}
      </Alert>
    );
  }
  // A table food is everyone's: only the user's own can be changed.
  if (!food.data.own) return <NotFoundPanel />;
  const recipe = isRecipe(food.data);
  const saved = (changed: FoodAnswer) => back(`“${changed.name}” is saved.`);
  return (
    <>
      <div className={styles.pageHeader}>
        <h1 className={styles.pageTitle}>{recipe ? "Edit recipe" : "Edit food"}</h1>
        <Button variant="ghost" onClick={() => setDeleting(true)}>
          Delete {recipe ? "recipe" : "food"}
        </Button>
      </div>
      {recipe ? (
        <RecipeBuilder recipe={food.data} onSaved={saved} onCancel={() => back()} />
      ) : (
        <FoodForm food={food.data} onSaved={saved} onCancel={() => back()} />
      )}
      <DeleteFoodDialog
        food={deleting ? food.data : null}
        onClose={() => setDeleting(false)}
        onDeleted={() => back(`“${food.data.name}” is deleted; your logged meals keep its numbers.`)}
      />
    </>
  );
}
