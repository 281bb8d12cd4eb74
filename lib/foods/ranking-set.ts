/**
 * The search's ranking set (docs/FOODS.md#search): everyday queries, in English, in local
 * languages (as IFCT 2017 spells them) and misspelled, each with the foods that may come first, by
 * source id (`foods.source_id`: IFCT codes, SR Legacy descriptions). Several ids when the table
 * holds several rows that are equally that food (three potatoes); none when the table has no such
 * food, where the answer is empty rather than another food's near-spelling. Each was checked
 * against the table (db/migrations/0007_food_table_data.sql, 0015_food_local_names_data.sql).
 */
export interface RankingCase {
  query: string;
  /** The source ids any of which is right first; empty: no food matches. */
  first: readonly string[];
}

const range = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(3, "0")}`);

const POTATOES = ["F006", "F007", "F008"];
const RAW_RICE = ["A013", "A014", "A015"];
const MILK = ["L001", "L002"];
const BANANAS = ["Bananas, raw", ...range("E", 9, 12)];
const RIPE_MANGOES = range("E", 36, 42);
const BRINJALS = range("D", 10, 31);
const EGGS = range("M", 1, 15);

// biome-ignore format: a table, one query per line
export const RANKING_SET: readonly RankingCase[] = [
  // English: the common name first, never a food that only shares letters with it
  { query: "milk", first: MILK },
  { query: "cow milk", first: ["L002"] },
  { query: "milk, cow", first: ["L002"] },
  { query: "buffalo milk", first: ["L001"] },
  { query: "rice", first: RAW_RICE },
  { query: "brown rice", first: ["A013"] },
  { query: "rice flakes", first: ["A011"] },
  { query: "wheat flour", first: ["A018", "A019"] },
  { query: "semolina", first: ["A022"] },
  { query: "banana", first: ["Bananas, raw"] },
  { query: "apple", first: ["Apples, raw, with skin"] },
  { query: "mango", first: ["Mangos, raw"] },
  { query: "orange", first: ["Oranges, raw, all commercial varieties"] },
  { query: "grapes", first: ["Grapes, red or green, raw"] },
  { query: "papaya", first: ["D059", "E049"] },
  { query: "guava", first: ["E028", "E029"] },
  { query: "watermelon", first: ["Watermelon, raw"] },
  { query: "pineapple", first: ["E053"] },
  { query: "tomato", first: ["D075", "D076", "Tomatoes, red, ripe, raw, year round average"] },
  { query: "onion", first: ["G017", "G018"] },
  { query: "potato", first: POTATOES },
  { query: "spinach", first: ["C033", "Spinach, raw"] },
  { query: "cabbage", first: ["C015"] },
  { query: "cauliflower", first: ["D036"] },
  { query: "carrot", first: ["F002", "F003"] },
  { query: "cucumber", first: ["Cucumber, with peel, raw"] },
  { query: "brinjal", first: BRINJALS },
  { query: "ladies finger", first: ["D056"] },
  { query: "okra", first: ["D056"] },
  { query: "peas", first: ["B017", "D061", "Peas, green, frozen, cooked, boiled, drained, without salt"] },
  { query: "chickpeas", first: ["Chickpeas (garbanzo beans), mature seeds, cooked, boiled, without salt"] },
  { query: "lentils", first: ["Lentils, mature seeds, cooked, boiled, without salt"] },
  { query: "green gram", first: ["B010", "B011"] },
  { query: "egg", first: EGGS },
  { query: "boiled egg", first: ["Egg, whole, cooked, hard-boiled"] },
  { query: "chicken", first: range("N", 1, 4) },
  { query: "chicken breast", first: ["N003", "Chicken, broilers or fryers, breast, meat only, cooked, roasted"] },
  { query: "goat", first: range("O", 1, 13) },
  { query: "paneer", first: ["L003"] },
  { query: "ghee", first: ["T013"] },
  { query: "jaggery", first: ["I001"] },
  { query: "peanut", first: ["H012"] },
  { query: "almonds", first: ["Nuts, almonds"] },
  { query: "cashew", first: ["H005"] },
  { query: "coconut", first: ["H006", "H007"] },
  { query: "garlic", first: range("G", 11, 13) },
  { query: "ginger", first: ["G014"] },
  { query: "turmeric", first: ["G033"] },
  { query: "coriander", first: ["G009", "G024"] },
  { query: "pearl millet", first: ["A003"] },
  { query: "finger millet", first: ["A010"] },
  { query: "bread", first: ["Bread, white, commercially prepared"] },
  { query: "pasta", first: ["Pasta, cooked, enriched, without added salt"] },
  { query: "yogurt", first: ["Yogurt, Greek, plain, nonfat"] },
  { query: "pizza", first: ['Fast foods, pizza chain, 14" pizza, cheese topping, regular crust'] },
  // Local names (Hindi, Tamil, Telugu, …), as IFCT 2017 gives them
  { query: "aloo", first: POTATOES },
  { query: "palak", first: ["C033"] },
  { query: "doodh", first: MILK },
  { query: "gai ka doodh", first: ["L002"] },
  { query: "chawal", first: RAW_RICE },
  { query: "arisi", first: RAW_RICE },
  { query: "atta", first: ["A019"] },
  { query: "suji", first: ["A022"] },
  { query: "maida", first: ["A018"] },
  { query: "poha", first: ["A011"] },
  { query: "pyaaz", first: ["G017", "G018"] },
  { query: "gobhi", first: ["C015", "C016"] },
  { query: "bhindi", first: ["D056"] },
  { query: "baingan", first: BRINJALS },
  { query: "vankaya", first: BRINJALS },
  { query: "methi", first: ["C020", "G026"] },
  { query: "haldi", first: ["G033"] },
  { query: "adrak", first: ["G014"] },
  { query: "kela", first: BANANAS },
  { query: "aam", first: RIPE_MANGOES },
  { query: "seb", first: range("E", 1, 4) },
  { query: "moong", first: ["B010", "B011"] },
  { query: "moong dal", first: ["B010"] },
  { query: "arhar dal", first: ["B021"] },
  { query: "chana", first: ["B002"] },
  { query: "rajma", first: range("B", 18, 20) },
  { query: "gud", first: ["I001"] },
  { query: "bellam", first: ["I001"] },
  { query: "til", first: range("H", 9, 11) },
  { query: "badam", first: ["H001"] },
  { query: "kaju", first: ["H005"] },
  { query: "nariyal", first: ["H006", "H007"] },
  { query: "ragi", first: ["A010"] },
  { query: "bajra", first: ["A003"] },
  { query: "kambu", first: ["A003"] },
  { query: "jowar", first: ["A005"] },
  { query: "makai", first: ["A006", "A007", "A008"] },
  { query: "palakoora", first: ["C033"] },
  { query: "pasalai keerai", first: ["C033"] },
  // Misspellings
  { query: "bananna", first: ["Bananas, raw"] },
  { query: "aple", first: ["Apples, raw, with skin"] },
  { query: "chiken brest", first: ["Chicken, broilers or fryers, breast, meat only, cooked, roasted", "N003"] },
  { query: "greek yoghurt", first: ["Yogurt, Greek, plain, nonfat"] },
  { query: "yoghurt", first: ["Yogurt, Greek, plain, nonfat"] },
  { query: "tomatoe", first: ["D074", "D075", "D076", "Tomatoes, red, ripe, raw, year round average"] },
  { query: "potatoe", first: [...POTATOES, "Potatoes, baked, flesh and skin, without salt"] },
  { query: "brocoli", first: ["Broccoli, cooked, boiled, drained, without salt"] },
  { query: "cauliflour", first: ["D036"] },
  { query: "carot", first: ["F002", "F003"] },
  { query: "mushrom", first: range("J", 1, 4) },
  { query: "strawbery", first: ["E063"] },
  { query: "avacado", first: ["Avocados, raw, all commercial varieties", "E007"] },
  { query: "spinich", first: ["C033", "Spinach, raw"] },
  // Not in the table (no cooked dishes, drinks or dairy beyond milk, paneer and khoa yet): nothing,
  // rather than Rohu for roti, Chappal for chapati, Curry leaves for curd, Goat testis for tea
  { query: "roti", first: [] },
  { query: "chapati", first: [] },
  { query: "idli", first: [] },
  { query: "dosa", first: [] },
  { query: "samosa", first: [] },
  { query: "biryani", first: [] },
  { query: "curd", first: [] },
  { query: "dahi", first: [] },
  { query: "butter", first: [] },
  { query: "tea", first: [] },
  { query: "coffee", first: [] },
  { query: "mutton", first: [] },
];
