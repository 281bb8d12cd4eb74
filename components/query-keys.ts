/** TanStack Query keys, shared by server prefetching and client hooks. */
export const diaryKey = (date: string) => ["diary", date] as const;
export const allDiariesKey = ["diary"] as const;
export const mealKey = (id: string) => ["meal", id] as const;
export const cancelOutcomeKey = (mealId: string) => ["cancel-outcome", mealId] as const;
/** Under the diary's key, so whatever refreshes a day's diary refreshes its stopped meals too. */
export const stoppedMealsKey = (date: string) => ["diary", date, "stopped"] as const;

/** Food search answers by query; "" is the user's recent foods. */
export const foodsKey = (query: string) => ["foods", query] as const;
export const allFoodsKey = ["foods"] as const;
/** One food with its portions (GET /api/foods/:id), under the foods' key: refreshed with them. */
export const foodKey = (id: string) => ["foods", "food", id] as const;
/** The user's own foods and recipes (the My foods page); not under "foods", where "own" is a search. */
export const ownFoodsKey = ["own-foods"] as const;
