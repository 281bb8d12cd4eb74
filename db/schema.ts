import { relations, sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { IN_FLIGHT_SQL_LIST, PHOTO_STATUSES, type PhotoStatus } from "./photo-statuses";

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

// ---------------------------------------------------------------------------------------------
// Auth tables (better-auth's model, plus the app's own role).
// ---------------------------------------------------------------------------------------------

export const users = pgTable("users", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  emailVerified: boolean("email_verified").notNull().default(false),
  image: text("image"),
  role: text("role").notNull().default("user"),
  ...timestamps,
});

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    token: text("token").notNull().unique(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    ...timestamps,
  },
  (table) => [index("sessions_user_id_idx").on(table.userId)],
);

export const accounts = pgTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { withTimezone: true }),
    scope: text("scope"),
    password: text("password"),
    ...timestamps,
  },
  (table) => [index("accounts_user_id_idx").on(table.userId)],
);

export const verifications = pgTable(
  "verifications",
  {
    id: text("id").primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ...timestamps,
  },
  (table) => [index("verifications_identifier_idx").on(table.identifier)],
);

/**
 * The app's own fixed-window request limits (uploads, cancels), per key such as
 * `upload:<userId>`: one upsert per request, shared by every app instance.
 */
export const requestLimits = pgTable("request_limits", {
  key: text("key").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
  count: integer("count").notNull(),
});

// ---------------------------------------------------------------------------------------------
// The product (DESIGN §2).
// ---------------------------------------------------------------------------------------------

export const MEAL_TYPES = ["breakfast", "lunch", "dinner", "snack"] as const;
export const MEAL_STATUSES = ["PROCESSING", "COMPLETE", "FAILED"] as const;
export { PHOTO_STATUSES };
export const ITEM_SOURCES = ["ai", "manual"] as const;

export const mealTypeEnum = pgEnum("meal_type", MEAL_TYPES);
export const mealStatusEnum = pgEnum("meal_status", MEAL_STATUSES);
export const photoStatusEnum = pgEnum("photo_status", PHOTO_STATUSES);
export const itemSourceEnum = pgEnum("item_source", ITEM_SOURCES);

export type MealType = (typeof MEAL_TYPES)[number];
export type MealStatus = (typeof MEAL_STATUSES)[number];
export type { PhotoStatus };

export const meals = pgTable(
  "meals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    date: date("date", { mode: "string" }).notNull(),
    mealType: mealTypeEnum("meal_type").notNull(),
    status: mealStatusEnum("status").notNull().default("PROCESSING"),
    clientRequestId: uuid("client_request_id").notNull(),
    finalizedAt: timestamp("finalized_at", { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("meals_user_client_request_uq").on(table.userId, table.clientRequestId),
    // The diary: one user's meals of one date.
    index("meals_user_date_idx").on(table.userId, table.date),
  ],
);

export const mealPhotos = pgTable(
  "meal_photos",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    mealId: uuid("meal_id")
      .notNull()
      .references(() => meals.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: photoStatusEnum("status").notNull().default("PENDING"),
    attempt: integer("attempt").notNull().default(1),
    clientUploadId: uuid("client_upload_id").notNull(),
    storageKey: text("storage_key").notNull(),
    mime: text("mime").notNull(),
    bytes: integer("bytes").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    sha256: text("sha256").notNull(),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    processingStartedAt: timestamp("processing_started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    // The last sign of life of the current attempt: queued, each step, every few seconds while a
    // step runs, and the finish. "Stuck" counts from here (DESIGN §6).
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }).notNull().defaultNow(),
    // When a step failed and its run waits to retry: the retry is due by then (Retry-After or the
    // engine's backoff), so the sweeper leaves the photo alone until it is.
    retryDueAt: timestamp("retry_due_at", { withTimezone: true }),
    // Attempts started by recovery (a run found gone) rather than by the user; capped.
    recoveries: integer("recoveries").notNull().default(0),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("meal_photos_meal_client_upload_uq").on(table.mealId, table.clientUploadId),
    index("meal_photos_meal_id_idx").on(table.mealId),
    // The stuck-photo sweeper and the integrity alarms scan only in-flight photos.
    index("meal_photos_in_flight_idx")
      .on(table.heartbeatAt)
      .where(sql`${table.status} in (${sql.raw(IN_FLIGHT_SQL_LIST)})`),
    // A user's latest job activity: photos queued behind the per-user concurrency limit age from it.
    index("meal_photos_user_heartbeat_idx").on(table.userId, table.heartbeatAt),
    check("meal_photos_attempt_positive", sql`${table.attempt} >= 1`),
  ],
);

/**
 * Photos per status (and error code, for FAILED), kept by statement triggers on meal_photos in the
 * writing transaction (migration 0010), so a metrics scrape reads a few rows instead of counting
 * every photo. Each database backend adds to its own rows (shard = its pid), so concurrent writers
 * never wait on a counter; the sweeper folds the rows of backends that are gone into shard 0.
 */
export const mealPhotoCounts = pgTable(
  "meal_photo_counts",
  {
    status: photoStatusEnum("status").notNull(),
    // '' unless FAILED: the failure's code (`unknown` when it has none).
    errorCode: text("error_code").notNull().default(""),
    shard: integer("shard").notNull(),
    photos: integer("photos").notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.status, table.errorCode, table.shard] })],
);

/** `user`: a food or recipe a user made (owner_id set); the others are published tables (docs/FOODS.md). */
export const FOOD_SOURCES = ["ifct2017", "usda_sr_legacy", "usda_sr24", "user"] as const;
export type FoodSource = (typeof FOOD_SOURCES)[number];
/** `reported`: the source gives the energy; `derived`: computed from the row's own composition with the source's factors. */
export const ENERGY_BASES = ["reported", "derived"] as const;
export type EnergyBasis = (typeof ENERGY_BASES)[number];
/**
 * What a food's numbers describe: `raw` as bought, before cooking (dry rice and dal, raw meat,
 * vegetables, fruit); `cooked` cooked or prepared (cooked rice, boiled egg, a recipe); `ready`
 * eaten as sold, where cooking does not apply (milk, curd, oils, sugar, bread, drinks). A
 * recognised dish is matched only to a food of its state (docs/FOODS.md#recognition).
 */
export const FOOD_STATES = ["raw", "cooked", "ready"] as const;
export type FoodState = (typeof FOOD_STATES)[number];

/**
 * The food composition table shipped with the app (docs/FOODS.md): energy (kcal) and macros (g)
 * per 100 g, each row keeping the source it was copied from and its id there. Loaded by a
 * migration; searched by trigram similarity on the name (GIN index, pg_trgm).
 */
export const foods = pgTable(
  "foods",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    source: text("source", { enum: FOOD_SOURCES }).notNull(),
    sourceId: text("source_id").notNull(),
    name: text("name").notNull(),
    foodGroup: text("food_group").notNull(),
    kcal: real("kcal").notNull(),
    energyBasis: text("energy_basis", { enum: ENERGY_BASES }).notNull().default("reported"),
    protein: real("protein").notNull(),
    fat: real("fat").notNull(),
    carbs: real("carbs").notNull(),
    /** The food's other names given by its source (IFCT 2017's local names), joined by LOCAL_NAME_SEPARATOR; "" if none. */
    localNames: text("local_names").notNull().default(""),
    state: text("state", { enum: FOOD_STATES }).notNull().default("raw"),
    /** The user whose own food or recipe this is (source `user`): nobody else sees it. Null = a table food. */
    ownerId: text("owner_id").references(() => users.id, { onDelete: "cascade" }),
    /** A recipe's total weight once cooked (g): its per-100 g values are the ingredients' sums over it. Null = not a recipe. */
    cookedGrams: real("cooked_grams"),
    /** How many pieces or servings a recipe makes (its `piece` portion); null = not counted. */
    pieces: integer("pieces"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("foods_source_id_uq").on(table.source, table.sourceId),
    // Partial, so a search finds the table's candidates through the trigram indexes and the
    // caller's own foods through the owner's (lib/foods/visible-foods.ts), never scanning the
    // names of everybody's foods, nor the table's rows through an owner index.
    index("foods_owner_id_idx").on(table.ownerId).where(sql`${table.ownerId} is not null`),
    index("foods_name_trgm_idx")
      .using("gin", sql`lower(${table.name}) gin_trgm_ops`)
      .where(sql`${table.ownerId} is null`),
    index("foods_local_names_trgm_idx")
      .using("gin", sql`lower(${table.localNames}) gin_trgm_ops`)
      .where(sql`${table.ownerId} is null`),
  ],
);

/**
 * Household portions of a food (`{ label, grams }`: "cup" = 158 g). `user_id` null: the food's own,
 * from its source, a recipe's pieces or a label's serving; set: that user's own ("katori" = 150 g),
 * seen by nobody else.
 */
export const foodPortions = pgTable(
  "food_portions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    foodId: uuid("food_id")
      .notNull()
      .references(() => foods.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    grams: real("grams").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique("food_portions_food_user_label_uq").on(table.foodId, table.userId, table.label).nullsNotDistinct(),
    index("food_portions_user_id_idx").on(table.userId),
  ],
);

/**
 * A recipe's ingredients by raw weight, in the order given. Name and grams are copied, so the
 * recipe still reads right once an ingredient food is deleted (food_id then null).
 */
export const recipeIngredients = pgTable(
  "recipe_ingredients",
  {
    recipeId: uuid("recipe_id")
      .notNull()
      .references(() => foods.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    foodId: uuid("food_id").references(() => foods.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    grams: real("grams").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.recipeId, table.position] }),
    index("recipe_ingredients_food_id_idx").on(table.foodId),
  ],
);

export const foodItems = pgTable(
  "food_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    mealId: uuid("meal_id")
      .notNull()
      .references(() => meals.id, { onDelete: "cascade" }),
    photoId: uuid("photo_id").references(() => mealPhotos.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    grams: real("grams").notNull(),
    kcal: real("kcal").notNull(),
    protein: real("protein").notNull(),
    fat: real("fat").notNull(),
    carbs: real("carbs").notNull(),
    confidence: real("confidence"),
    source: itemSourceEnum("source").notNull(),
    // Made up by the demo recognizer, not recognised from the photo: marked on every screen and
    // kept out of Recent until the user names the food (lib/meals/items.ts).
    example: boolean("example").notNull().default(false),
    // The table food the item's nutrition came from; null = typed by hand or the recognizer's estimate.
    foodId: uuid("food_id").references(() => foods.id, { onDelete: "set null" }),
    /** The household portion the grams were given in ("roti"), and how many; null = grams typed. */
    portionLabel: text("portion_label"),
    portionCount: real("portion_count"),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("food_items_meal_id_idx").on(table.mealId),
    index("food_items_photo_id_idx").on(table.photoId),
    index("food_items_food_id_idx").on(table.foodId),
  ],
);

export const cancelEvents = pgTable(
  "cancel_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    clientCancelId: uuid("client_cancel_id").notNull(),
    // SET NULL: the audit row outlives the meal; payload keeps the id the client sent.
    mealId: uuid("meal_id").references(() => meals.id, { onDelete: "set null" }),
    reason: text("reason").notNull(),
    payload: jsonb("payload").notNull(),
    noop: boolean("noop").notNull(),
    cancelledTasks: integer("cancelled_tasks").notNull().default(0),
    updatedPhotos: integer("updated_photos").notNull().default(0),
    duplicateCount: integer("duplicate_count").notNull().default(0),
    response: jsonb("response"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("cancel_events_user_client_cancel_uq").on(table.userId, table.clientCancelId),
    index("cancel_events_user_created_idx").on(table.userId, table.createdAt),
    index("cancel_events_created_idx").on(table.createdAt),
    // Uploads check for a cancel of their meal that committed while they were in flight.
    index("cancel_events_meal_idx").on(table.mealId),
  ],
);

/**
 * Cancel counts per UTC hour for the admin stats, kept by triggers on cancel_events in the same
 * transaction (migration 0006). One row per hour and database backend, so concurrent cancels do
 * not queue on one row; the stats sum the shards.
 */
export const cancelStatsHourly = pgTable(
  "cancel_stats_hourly",
  {
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    shard: integer("shard").notNull(),
    cancels: integer("cancels").notNull().default(0),
    noops: integer("noops").notNull().default(0),
    duplicates: integer("duplicates").notNull().default(0),
    updatedPhotos: integer("updated_photos").notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.hour, table.shard] })],
);

export const dailyGoals = pgTable("daily_goals", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  kcal: integer("kcal").notNull(),
  protein: integer("protein").notNull(),
  fat: integer("fat").notNull(),
  carbs: integer("carbs").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
});

export const OPERATION_KINDS = ["race_guard_discard", "meal_finalized"] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];
export const operationKindEnum = pgEnum("operation_kind", OPERATION_KINDS);

/**
 * What operators count on the audit page besides cancels: race-guard discards and meal
 * finalisations (seed runbook's log markers, kept in the database). No foreign keys: the record
 * outlives the meal and photo it names.
 */
export const operationEvents = pgTable(
  "operation_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: operationKindEnum("kind").notNull(),
    userId: text("user_id"),
    mealId: uuid("meal_id"),
    photoId: uuid("photo_id"),
    detail: jsonb("detail").notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("operation_events_kind_created_idx").on(table.kind, table.createdAt),
    // The audit stats read the window's partial hours by time alone.
    index("operation_events_created_idx").on(table.createdAt),
  ],
);

/**
 * operation_events counted per UTC hour for the audit stats, kept by statement triggers in the
 * transaction that writes the events (migration 0011); one row per hour and database backend.
 */
export const operationStatsHourly = pgTable(
  "operation_stats_hourly",
  {
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    shard: integer("shard").notNull(),
    raceGuardDiscards: integer("race_guard_discards").notNull().default(0),
    mealsComplete: integer("meals_complete").notNull().default(0),
    mealsFailed: integer("meals_failed").notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.hour, table.shard] })],
);

/**
 * The transactional outbox (DESIGN §6): every job event is inserted in the transaction of the
 * change that causes it, and the relay sends it after the commit until the engine accepts it.
 * `id` is the event id the engine sees, derived from what the event is about, so a re-send is
 * deduplicated. Delivered rows stay a while for the admin page, then are pruned.
 */
export const jobOutbox = pgTable(
  "job_outbox",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    data: jsonb("data").notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (table) => [
    // The relay's queue: undelivered rows by due time.
    index("job_outbox_due_idx").on(table.nextAttemptAt).where(sql`${table.deliveredAt} is null`),
    index("job_outbox_delivered_idx").on(table.deliveredAt).where(sql`${table.deliveredAt} is not null`),
  ],
);

/**
 * The last run of each scheduled job (`sweep-stuck`) and what it did, for the admin jobs page:
 * one row per job, overwritten by every run.
 */
export const scheduledJobRuns = pgTable("scheduled_job_runs", {
  job: text("job").primaryKey(),
  finishedAt: timestamp("finished_at", { withTimezone: true }).notNull().defaultNow(),
  result: jsonb("result").notNull().default({}),
});

/**
 * The last state of each integrity alarm as the alert check saw it. A transition is claimed by one
 * conditional upsert, so of several instances checking at once exactly one posts it.
 */
export const alarmStates = pgTable("alarm_states", {
  alarm: text("alarm").primaryKey(),
  firing: boolean("firing").notNull(),
  count: integer("count").notNull(),
  changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
});

// Relations: Better Auth joins a session to its user; the diary's single-statement relational query.
export const usersRelations = relations(users, ({ many, one }) => ({
  sessions: many(sessions),
  accounts: many(accounts),
  meals: many(meals),
  goals: one(dailyGoals),
}));

export const dailyGoalsRelations = relations(dailyGoals, ({ one }) => ({
  user: one(users, { fields: [dailyGoals.userId], references: [users.id] }),
}));

export const sessionsRelations = relations(sessions, ({ one }) => ({
  user: one(users, { fields: [sessions.userId], references: [users.id] }),
}));

export const accountsRelations = relations(accounts, ({ one }) => ({
  user: one(users, { fields: [accounts.userId], references: [users.id] }),
}));

export const mealsRelations = relations(meals, ({ many, one }) => ({
  user: one(users, { fields: [meals.userId], references: [users.id] }),
  photos: many(mealPhotos),
  items: many(foodItems),
}));

export const mealPhotosRelations = relations(mealPhotos, ({ one, many }) => ({
  meal: one(meals, { fields: [mealPhotos.mealId], references: [meals.id] }),
  items: many(foodItems),
}));

export const foodItemsRelations = relations(foodItems, ({ one }) => ({
  meal: one(meals, { fields: [foodItems.mealId], references: [meals.id] }),
  photo: one(mealPhotos, { fields: [foodItems.photoId], references: [mealPhotos.id] }),
}));

export type Meal = typeof meals.$inferSelect;
export type MealPhoto = typeof mealPhotos.$inferSelect;
export type FoodItem = typeof foodItems.$inferSelect;
export type Food = typeof foods.$inferSelect;
export type FoodPortion = typeof foodPortions.$inferSelect;
export type RecipeIngredient = typeof recipeIngredients.$inferSelect;
export type CancelEvent = typeof cancelEvents.$inferSelect;
export type JobOutboxRow = typeof jobOutbox.$inferSelect;
