import "server-only";

const KJ_PER_KCAL = 4.184;

/** IFCT 2017 gives energy in kJ; the app counts kcal (one decimal, the table's precision). */
export function ifctKcal(kilojoules: number): number {
  return Math.round((kilojoules / KJ_PER_KCAL) * 10) / 10;
}
