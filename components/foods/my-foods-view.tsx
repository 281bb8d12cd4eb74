"use client";

import Link from "next/link";
import { useState } from "react";
import { useOwnFoods } from "@/components/queries";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { FOOD_SEARCH_MAX_LIMIT } from "@/lib/foods/food-numbers";
import { DeleteFoodDialog } from "./delete-food-dialog";
import { type FoodAnswer, isRecipe } from "./food-answer";
import { foodSummaryRows } from "./food-summary-rows";
import styles from "./my-foods.module.css";
import { NutritionSummary } from "./nutrition-summary";

/**
 * The user's own foods and recipes: each with its energy and macros per 100 g (and per piece or
 * per serving), to edit or delete. Nobody else sees them.
 */
export function MyFoodsView() {
  const foods = useOwnFoods();
  const [deleting, setDeleting] = useState<FoodAnswer | null>(null);

  return (
    <>
      <div className={styles.actions}>
        <ButtonLink href="/foods/new">Create a food</ButtonLink>
        <ButtonLink href="/foods/new-recipe" variant="secondary">
          Create a recipe
        </ButtonLink>
      </div>
      {foods.isPending ? (
        <Skeleton height="8rem" />
      ) : foods.isError ? (
        <Alert
          title="Your foods could not be loaded"
          actions={<Button onClick={() => foods.refetch()}>Try again</Button>}
        >
          {foods.error.message}
        </Alert>
      ) : foods.data.length === 0 ? (
        <div className={styles.empty}>
          <h2 className={styles.emptyTitle}>No foods of your own yet</h2>
          <p>
            Make one from a packet's label, or a recipe from what goes into the pot: it is found first when
            you search, and only you see it.
          </p>
        </div>
      ) : (
        <ul className={styles.list} aria-label="Your foods and recipes">
          {foods.data.map((food) => (
            <li key={food.id} className={styles.card}>
              <div className={styles.header}>
                <h2 className={styles.name}>
                  <Link href={`/foods/${food.id}`} className={styles.nameLink}>
                    {food.name}
                  </Link>
                </h2>
                {isRecipe(food) && <Badge tone="info">Recipe</Badge>}
              </div>
              <NutritionSummary rows={foodSummaryRows(food)} />
              <div className={styles.cardActions}>
                <ButtonLink
                  href={`/foods/${food.id}`}
                  variant="secondary"
                  size="small"
                  aria-label={`Edit ${food.name}`}
                >
                  Edit
                </ButtonLink>
                <Button
                  variant="ghost"
                  size="small"
                  aria-label={`Delete ${food.name}`}
                  onClick={() => setDeleting(food)}
                >
                  Delete
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {foods.data?.length === FOOD_SEARCH_MAX_LIMIT && (
        <p className={styles.more}>
          These are your {FOOD_SEARCH_MAX_LIMIT} latest foods. Search for a food in Add food to find the
          others.
        </p>
      )}
      <DeleteFoodDialog food={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}
