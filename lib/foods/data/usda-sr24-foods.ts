// Shared by scripts/extract-usda-sr24.ts only: which USDA SR24 foods the table holds, and how it
// names them. Their numbers are never written here: the script copies them from SR24 into
// usda-sr24.json. Not `server-only`, no imports: the script runs outside Next.

/** What a food's numbers describe (db/schema.ts FOOD_STATES). */
type State = "raw" | "cooked" | "ready";

export interface Sr24Choice {
  /** SR24's NDB number (five digits), the row's `source_id`. */
  ndb: string;
  /** A short everyday name that still says what SR24 describes (its description is kept beside it). */
  name: string;
  group: string;
  state: State;
  /** IFCT 2017 codes of the same species whose local names apply ("toor dal" finds cooked pigeon peas). */
  ifct?: readonly string[];
  /** The SR Legacy description this row was first loaded under (migration 0007), which it replaces in place. */
  srLegacy?: string;
}

const c = (
  ndb: string,
  name: string,
  group: string,
  state: State,
  more: Partial<Sr24Choice> = {},
): Sr24Choice => ({
  ndb,
  name,
  group,
  state,
  ...more,
});
const legacy = (srLegacy: string) => ({ srLegacy });

const FRUIT = "Fruit";
const VEG = "Vegetables";
const GRAINS = "Grains and bakery";
const PROTEIN = "Protein";
const DAIRY = "Dairy, nuts and sweets";
const DRINKS = "Drinks";

// biome-ignore format: a table, one food per line
export const SR24_CHOICES: readonly Sr24Choice[] = [
  // The common foods first loaded from SR Legacy (same foods, same NDB in SR24)
  c("09003", "Apple", FRUIT, "raw", legacy("Apples, raw, with skin")),
  c("09040", "Banana", FRUIT, "raw", legacy("Bananas, raw")),
  c("09200", "Orange", FRUIT, "raw", legacy("Oranges, raw, all commercial varieties")),
  c("09316", "Strawberries", FRUIT, "raw", legacy("Strawberries, raw")),
  c("09132", "Grapes", FRUIT, "raw", legacy("Grapes, red or green, raw")),
  c("09050", "Blueberries", FRUIT, "raw", legacy("Blueberries, raw")),
  c("09326", "Watermelon", FRUIT, "raw", legacy("Watermelon, raw")),
  c("09176", "Mango", FRUIT, "raw", legacy("Mangos, raw")),
  c("09037", "Avocado", FRUIT, "raw", legacy("Avocados, raw, all commercial varieties")),
  c("11091", "Broccoli, boiled", VEG, "cooked", legacy("Broccoli, cooked, boiled, drained, without salt")),
  c("11124", "Carrots", VEG, "raw", legacy("Carrots, raw")),
  c("11529", "Tomato", VEG, "raw", legacy("Tomatoes, red, ripe, raw, year round average")),
  c("11205", "Cucumber", VEG, "raw", legacy("Cucumber, with peel, raw")),
  c("11253", "Lettuce, green leaf", VEG, "raw", legacy("Lettuce, green leaf, raw")),
  c("11457", "Spinach, raw", VEG, "raw", legacy("Spinach, raw")),
  c("11260", "Mushrooms", VEG, "raw", legacy("Mushrooms, white, raw")),
  c("11821", "Red bell pepper", VEG, "raw", legacy("Peppers, sweet, red, raw")),
  c("11168", "Sweet corn, boiled", VEG, "cooked", legacy("Corn, sweet, yellow, cooked, boiled, drained, without salt")),
  c("11313", "Green peas (frozen), boiled", VEG, "cooked", legacy("Peas, green, frozen, cooked, boiled, drained, without salt")),
  c("11674", "Baked potato", VEG, "cooked", legacy("Potatoes, baked, flesh and skin, without salt")),
  c("11508", "Sweet potato, baked", VEG, "cooked", legacy("Sweet potato, cooked, baked in skin, flesh, without salt")),
  c("21138", "French fries", VEG, "cooked", legacy("Fast foods, potato, french fried in vegetable oil")),
  c("20045", "Rice, white, cooked", GRAINS, "cooked", { ...legacy("Rice, white, long-grain, regular, enriched, cooked"), ifct: ["A015"] }),
  c("20121", "Pasta (spaghetti), cooked", GRAINS, "cooked", legacy("Pasta, cooked, enriched, without added salt")),
  c("18069", "White bread", GRAINS, "ready", legacy("Bread, white, commercially prepared")),
  c("08121", "Oatmeal", GRAINS, "cooked", legacy("Cereals, oats, regular and quick, cooked with water, without salt")),
  c("20137", "Quinoa, cooked", GRAINS, "cooked", legacy("Quinoa, cooked")),
  c("18239", "Croissant", GRAINS, "ready", legacy("Croissants, butter")),
  c("18293", "Pancakes", GRAINS, "cooked", legacy("Pancakes, plain, prepared from recipe")),
  c("21299", "Cheese pizza", GRAINS, "ready", legacy('Fast foods, pizza chain, 14" pizza, cheese topping, regular crust')),
  c("01129", "Egg, hard-boiled", PROTEIN, "cooked", legacy("Egg, whole, cooked, hard-boiled")),
  c("01128", "Fried egg", PROTEIN, "cooked", legacy("Egg, whole, cooked, fried")),
  c("05064", "Roast chicken breast", PROTEIN, "cooked", legacy("Chicken, broilers or fryers, breast, meat only, cooked, roasted")),
  c("15237", "Salmon, farmed, cooked", PROTEIN, "cooked", legacy("Fish, salmon, Atlantic, farmed, cooked, dry heat")),
  c("15121", "Tuna, canned in water", PROTEIN, "ready", legacy("Fish, tuna, light, canned in water, drained solids")),
  c("10862", "Bacon, pan-fried", PROTEIN, "cooked", legacy("Pork, cured, bacon, cooked, pan-fried")),
  c("16070", "Lentils, boiled", PROTEIN, "cooked", { ...legacy("Lentils, mature seeds, cooked, boiled, without salt"), ifct: ["B013", "B014", "B015"] }),
  c("16057", "Chickpeas (bengal gram), boiled", PROTEIN, "cooked", { ...legacy("Chickpeas (garbanzo beans), mature seeds, cooked, boiled, without salt"), ifct: ["B002", "B001"] }),
  c("16158", "Hummus", PROTEIN, "ready", legacy("Hummus, commercial")),
  c("01026", "Mozzarella", DAIRY, "ready", legacy("Cheese, mozzarella, whole milk")),
  c("12061", "Almonds", DAIRY, "raw", legacy("Nuts, almonds")),
  c("19904", "Dark chocolate", DAIRY, "ready", legacy("Chocolate, dark, 70-85% cacao solids")),
  c("19095", "Vanilla ice cream", DAIRY, "ready", legacy("Ice creams, vanilla")),
  // Cooked cereals and pulses, with the local names of IFCT's raw food of the same species
  c("20047", "Rice, parboiled, cooked", GRAINS, "cooked", { ifct: ["A014"] }),
  c("20037", "Brown rice, cooked", GRAINS, "cooked", { ifct: ["A013"] }),
  c("16102", "Pigeon peas (red gram, toor), boiled", PROTEIN, "cooked", { ifct: ["B021", "B022"] }),
  c("16081", "Mung beans (green gram), boiled", PROTEIN, "cooked", { ifct: ["B010", "B011"] }),
  c("16084", "Mungo beans (black gram, urad), boiled", PROTEIN, "cooked", { ifct: ["B003", "B004"] }),
  c("16033", "Kidney beans, red, boiled", PROTEIN, "cooked", { ifct: ["B020", "B019", "B018"] }),
  // Eggs, meat and fish, cooked
  c("01132", "Scrambled egg", PROTEIN, "cooked"),
  c("01130", "Omelet", PROTEIN, "cooked"),
  c("01131", "Poached egg", PROTEIN, "cooked"),
  c("05098", "Chicken thigh, roasted", PROTEIN, "cooked"),
  c("05074", "Chicken drumstick, stewed", PROTEIN, "cooked"),
  c("17169", "Goat meat, roasted", PROTEIN, "cooked"),
  c("15262", "Tilapia, cooked", PROTEIN, "cooked"),
  c("15016", "Cod, cooked", PROTEIN, "cooked"),
  c("15047", "Mackerel, cooked", PROTEIN, "cooked"),
  c("15151", "Shrimp, boiled", PROTEIN, "cooked"),
  // Vegetables, boiled, with the local names of IFCT's raw vegetable
  c("11367", "Potato, boiled, peeled", VEG, "cooked", { ifct: ["F006", "F007", "F008"] }),
  c("11458", "Spinach, boiled", VEG, "cooked", { ifct: ["C033"] }),
  c("11136", "Cauliflower, boiled", VEG, "cooked", { ifct: ["D036"] }),
  c("11279", "Okra, boiled", VEG, "cooked", { ifct: ["D056"] }),
  c("11305", "Green peas, boiled", VEG, "cooked", { ifct: ["D061"] }),
  c("11110", "Cabbage, boiled", VEG, "cooked", { ifct: ["C015"] }),
  c("11210", "Eggplant (brinjal), boiled", VEG, "cooked", { ifct: ["D031"] }),
  // Breads
  c("18075", "Whole-wheat bread", GRAINS, "ready"),
  c("18042", "Pita bread, whole-wheat", GRAINS, "ready"),
  c("18041", "Pita bread, white", GRAINS, "ready"),
  // Milk, curd and drinks
  c("01077", "Milk, whole, 3.25% fat", DAIRY, "ready"),
  c("01116", "Yogurt (curd), plain, whole milk", DAIRY, "ready"),
  c("01088", "Buttermilk, cultured, low fat", DAIRY, "ready"),
  c("01001", "Butter, salted", DAIRY, "ready"),
  c("19335", "Sugar, white", DAIRY, "ready"),
  c("19296", "Honey", DAIRY, "ready"),
  c("14355", "Tea, black, brewed (no milk or sugar)", DRINKS, "ready"),
  c("14209", "Coffee, brewed (no milk or sugar)", DRINKS, "ready"),
];
