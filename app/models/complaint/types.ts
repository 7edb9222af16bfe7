import type { FormReply } from "~/lib/form-reply";

// Shapes of complaint data that pages and components read (no `.server`: the browser bundle may
// import them). The server modules return these, so a component never imports a type from a model.

/** A unit the resident may choose on the form, with its distance when a location is known. */
export type UnitChoice = { id: number; name: string; type: string; kecamatanCode: string; km: number | null };

/** An open public complaint of the same unit and category: "saya juga mengalami" instead of a new one. */
export type SimilarComplaint = { ref: string; summary: string; meTooCount: number; status: string };

/** Photos accepted on an earlier try of the form, kept on the server (app/lib/held-photos.server.ts). */
export type HeldPhotos = { token: string; photos: Array<{ key: string; width: number; height: number }> };

/** What the new-complaint form's reply carries besides its errors (FormReply's `extra`). */
export type ComplaintFormExtra = {
  similar: SimilarComplaint[] | null;
  held: HeldPhotos | null;
  /** A unit search sent without JavaScript: the form comes back with the list sorted again and narrowed. */
  unitSearch: { q: string; units: UnitChoice[] } | null;
};

export type ComplaintFormReply = FormReply<ComplaintFormExtra>;
