"use client";

import Link from "next/link";
import { useRef, useState } from "react";
import { mealTypeLabel, plural } from "@/components/format";
import { EXAMPLE_MEANING, ItemList, includesExamples, itemEditButtonId } from "@/components/meals/item-list";
import { TotalsLine } from "@/components/meals/totals-line";
import type { DiaryItem, DiaryMeal } from "@/components/queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import { photoSrcSet } from "@/lib/photos/photo-sizes";
import { AddItemDialog } from "./add-item-dialog";
import { useDeleteWithUndo } from "./diary-mutations";
import { focusOnceReady } from "./focus-once-ready";
import { ItemEditorDialog } from "./item-editor-dialog";
import styles from "./meal-card.module.css";

/** Describes a photo by the food recognised in it, e.g. "Lunch: chicken, rice". */
function photoAlt(meal: DiaryMeal, photoId: string, fallback: string): string {
  const names = meal.items.filter((item) => item.photoId === photoId).map((item) => item.name);
  return names.length > 0 ? `${fallback}: ${names.join(", ")}` : fallback;
}

type OpenDialog = "add" | null;

/**
 * One meal in the diary: its recognised photos, food items (each opens its editor) and totals,
 * work still in flight, and the meal's actions: add food by hand, delete the meal.
 */
export function MealCard({ meal, index, date }: { meal: DiaryMeal; index: number; date: string }) {
  const type = mealTypeLabel(meal.mealType);
  const title = index > 0 ? `${type} ${index + 1}` : type;
  const inFlight = meal.photosInFlight;
  const [editing, setEditing] = useState<DiaryItem | null>(null);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const deleteWithUndo = useDeleteWithUndo(date);
  const card = useRef<HTMLElement>(null);
  const deleteButtonId = `delete-meal-${meal.id}`;
  const noItemsId = `no-items-${meal.id}`;
  const examples = includesExamples(meal.items);

  function onDelete() {
    deleteWithUndo({ kind: "meal", id: meal.id }, title, () =>
      focusOnceReady(() => document.getElementById(deleteButtonId)),
    );
    // The card is gone: focus goes to its group's heading, where the next meal follows (or, when
    // the day is now empty, to the page's heading) — once the card has left the page.
    focusOnceReady(
      () =>
        document.getElementById(`group-${meal.mealType}`) ?? document.querySelector<HTMLElement>("main h1"),
      () => !card.current,
    );
  }

  function onDeleteItem(item: DiaryItem) {
    const editButton = (itemId: string) => () => document.getElementById(itemEditButtonId(itemId));
    const at = meal.items.findIndex((shown) => shown.id === item.id);
    const neighbour = meal.items[at + 1] ?? meal.items[at - 1];
    deleteWithUndo({ kind: "item", id: item.id }, item.name, () => focusOnceReady(editButton(item.id)));
    // Focus moves on to the next item (the previous one after the last; the "no food items" line
    // when none is left) once the item has left the page; the toast announces the deletion.
    focusOnceReady(
      neighbour ? editButton(neighbour.id) : () => document.getElementById(noItemsId),
      () => !editButton(item.id)(),
    );
  }

  return (
    <article ref={card} className={styles.card} aria-label={title}>
      <div className={styles.header}>
        <div className={styles.badges}>
          {inFlight > 0 ? (
            <Link href={`/meals/${meal.id}`} className={styles.badgeLink}>
              <Badge tone="info" pulse>
                Recognising… {meal.photos.length} of {meal.photos.length + inFlight} done
              </Badge>
            </Link>
          ) : (
            <Badge tone="neutral">{plural(meal.photos.length, "photo")}</Badge>
          )}
          {examples && (
            <Badge tone="warning">
              Example foods<span className="visually-hidden">: some items are {EXAMPLE_MEANING}</span>
            </Badge>
          )}
        </div>
        <Link href={`/meals/${meal.id}`} className={styles.detailsLink}>
          Details<span className="visually-hidden"> of {title}</span>
        </Link>
      </div>

      {inFlight > 0 && (
        <ProgressBar
          label={`Recognising ${title}`}
          value={meal.photos.length}
          max={meal.photos.length + inFlight}
          valueText={`${meal.photos.length} of ${plural(meal.photos.length + inFlight, "photo")}`}
        />
      )}

      {meal.photos.length > 0 && (
        <ul className={styles.photos} aria-label="Photos">
          {meal.photos.map((photo, i) => (
            <li key={photo.id}>
              {/* biome-ignore lint/performance/noImgElement: owner-checked API image, not a static asset */}
              <img
                className={styles.photo}
                src={photo.url}
                srcSet={photoSrcSet(photo.url)}
                sizes="(max-width: 640px) 30vw, 10rem"
                alt={photoAlt(meal, photo.id, `${title}, shot ${i + 1}`)}
                width={photo.width ?? undefined}
                height={photo.height ?? undefined}
                loading="lazy"
                decoding="async"
              />
            </li>
          ))}
        </ul>
      )}

      {meal.items.length > 0 ? (
        <>
          <ItemList items={meal.items} label={`Food in ${title}`} onEdit={setEditing} />
          <TotalsLine totals={meal.totals} examples={examples} />
        </>
      ) : (
        <p id={noItemsId} className={styles.muted}>
          {inFlight > 0 ? "Food items appear here when recognition finishes." : "No food items in this meal."}
        </p>
      )}

      <div className={styles.actions}>
        <Button variant="ghost" size="small" onClick={() => setDialog("add")}>
          + Add food<span className="visually-hidden"> to {title}</span>
        </Button>
        <Button id={deleteButtonId} variant="ghost" size="small" className={styles.delete} onClick={onDelete}>
          Delete<span className="visually-hidden"> {title}</span>
        </Button>
      </div>

      <ItemEditorDialog item={editing} date={date} onClose={() => setEditing(null)} onDelete={onDeleteItem} />
      <AddItemDialog
        open={dialog === "add"}
        mealId={meal.id}
        mealTitle={title.toLowerCase()}
        date={date}
        onClose={() => setDialog(null)}
      />
    </article>
  );
}
