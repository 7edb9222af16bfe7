import { COMPLAINT_CATEGORIES, PALEMBANG_BBOX, isOneOf, privacyFromReply, type ComplaintCategory, type Privacy } from "~/lib/codes";
import { ImageError, processImage } from "~/lib/images.server";
import { MAX_PHOTOS } from "~/lib/uploads.server";
import { unitChoices } from "~/models/complaint/queries.server";
import { isProtectedCategory, privacyForFiling } from "~/models/policy.server";
import { DESCRIPTION_MAX, DESCRIPTION_MIN } from "~/models/complaint/rules";
import { fileChannelComplaint, overDailyLimit, statusReply, trackLink } from "./complaints.server";
import type { Channel } from "./config.server";
import { categoryLabel, privacyLabel, textsFor, type Texts } from "./texts.server";

// The guided WhatsApp conversation (issue 19): unit → kind of problem → description → photos →
// privacy → summary → YA. A pure step function over the contact's stored state: it returns the new
// state and the replies, and the caller writes them in one transaction with the message marked done,
// so a crash either replays the message or has fully applied it. Side effects that cannot be in that
// transaction (a photo download, the complaint itself) happen inside the step, before the write.

export type Step = "IDLE" | "UNIT" | "CATEGORY" | "DESCRIPTION" | "PHOTOS" | "PRIVACY" | "CONFIRM";

export type Draft = {
  unitId?: number;
  unitName?: string;
  choices?: Array<{ id: number; name: string }>;
  category?: ComplaintCategory;
  description?: string;
  privacy?: Privacy;
  lat?: number;
  lng?: number;
};

export type ContactState = { step: Step; draft: Draft; locale: "id" | "en"; optedOut: boolean; stepAt: Date; mediaCount: number };

export type Incoming = { kind: string; payload: { text?: string; mediaId?: string; mime?: string; caption?: string; lat?: number; lng?: number } };

export type Outcome = {
  step: Step;
  draft: Draft;
  locale: "id" | "en";
  optedOut: boolean;
  replies: string[];
  /** Replies that go out even though the number just opted out (the BERHENTI confirmation). */
  forceReplies?: boolean;
  /** A checked, re-encoded photo to keep for the draft. */
  addPhoto?: Uint8Array;
  /** Drop the draft's photos (cancelled, expired or filed). */
  clearPhotos?: boolean;
};

/** Conversations idle this long start over; their drafts and photos are deleted. */
export const CONVERSATION_TTL_MS = 24 * 60 * 60 * 1000;
const UNIT_LIST_SIZE = 9;

export type StepContext = {
  channel: Channel;
  address: string;
  now: Date;
  /** Downloads a media id's bytes ("tooLarge" / "notImage" / "gone" when refused). */
  fetchMedia: (mediaId: string) => Promise<{ ok: true; bytes: Uint8Array } | { ok: false; reason: "tooLarge" | "notImage" | "gone" }>;
  /** The photos kept so far, as the complaint's uploads. */
  loadPhotos: () => Promise<Uint8Array[]>;
};

const words = (text: string) => text.trim().split(/\s+/);
const norm = (text: string) => text.trim().toUpperCase().replace(/[.!]+$/, "");

function categoryLines(locale: string) {
  return COMPLAINT_CATEGORIES.map((c, i) => `${i + 1}. ${categoryLabel(locale, c)}`).join("\n");
}

function prompt(state: { step: Step; draft: Draft; locale: string }, mediaCount: number): string {
  const t = textsFor(state.locale);
  switch (state.step) {
    case "IDLE":
    case "UNIT":
      return state.draft.choices?.length ? t.unitList(unitLines(state.draft.choices)) : t.askUnit;
    case "CATEGORY":
      return t.askCategory(categoryLines(state.locale));
    case "DESCRIPTION":
      return t.askDescription;
    case "PHOTOS":
      return t.askPhotos;
    case "PRIVACY":
      return t.askPrivacy;
    case "CONFIRM":
      return summary(state.draft, state.locale, mediaCount);
  }
}

function unitLines(choices: Array<{ name: string }>) {
  return choices.map((c, i) => `${i + 1}. ${c.name}`).join("\n");
}

function summary(draft: Draft, locale: string, photos: number): string {
  const t = textsFor(locale);
  const description = draft.description ?? "";
  return t.summary({
    unit: draft.unitName ?? "",
    category: draft.category ? categoryLabel(locale, draft.category) : "",
    description: description.length > 300 ? `${description.slice(0, 300)}…` : description,
    photos,
    privacy: draft.privacy ? privacyLabel(locale, draft.privacy) : "",
  });
}

function inPalembang(lat: number, lng: number) {
  return lat >= PALEMBANG_BBOX.minLat && lat <= PALEMBANG_BBOX.maxLat && lng >= PALEMBANG_BBOX.minLng && lng <= PALEMBANG_BBOX.maxLng;
}

/** One incoming message applied to one contact's conversation. */
export async function conversationStep(state: ContactState, message: Incoming, ctx: StepContext): Promise<Outcome> {
  let { step, locale } = state;
  let draft: Draft = { ...state.draft };
  const replies: string[] = [];
  const out = (extra: Partial<Outcome> = {}): Outcome => ({ step, draft, locale, optedOut: state.optedOut, replies, ...extra });
  let t: Texts = textsFor(locale);
  let mediaCount = state.mediaCount;
  let clearPhotos = false;

  // An unfinished conversation idle for a day starts over (its photos are deleted).
  if (step !== "IDLE" && ctx.now.getTime() - state.stepAt.getTime() > CONVERSATION_TTL_MS) {
    step = "IDLE";
    draft = {};
    mediaCount = 0;
    clearPhotos = true;
    replies.push(t.expired);
  }
  const reset = () => {
    step = "IDLE";
    draft = {};
    mediaCount = 0;
    clearPhotos = true;
  };

  const text = message.kind === "text" ? (message.payload.text ?? "").trim() : "";
  const command = norm(text);
  const first = norm(words(text)[0] ?? "");

  // Commands that work at any step.
  if (message.kind === "text") {
    if (command === "BERHENTI" || command === "STOP" || command === "UNSUBSCRIBE") {
      reset();
      return { ...out({ clearPhotos }), optedOut: true, replies: [t.stopped], forceReplies: true };
    }
    if (command === "MULAI" || command === "START") {
      if (state.optedOut) return { ...out({ clearPhotos }), optedOut: false, replies: [t.restarted] };
    }
    if (state.optedOut) {
      // Nothing is sent to a number that asked for silence; the message is still handled (STATUS is
      // answered only when they turn messages on again).
      return out({ clearPhotos, replies: [] });
    }
    if (command === "EN" || command === "ENGLISH" || command === "ID" || command === "INDONESIA" || command === "BAHASA") {
      locale = command === "EN" || command === "ENGLISH" ? "en" : "id";
      t = textsFor(locale);
      replies.push(t.language, step === "IDLE" ? t.askUnit : prompt({ step, draft, locale }, mediaCount));
      if (step === "IDLE") step = "UNIT";
      return out({ clearPhotos });
    }
    if (first === "STATUS" || first === "CEK") {
      replies.push(await statusReply(locale, words(text).slice(1).join(" ")));
      return out({ clearPhotos });
    }
    if (command === "BATAL" || command === "CANCEL") {
      if (step === "IDLE") replies.push(t.nothingToCancel);
      else {
        reset();
        replies.push(t.cancelled);
      }
      return out({ clearPhotos });
    }
  } else if (state.optedOut) {
    return out({ clearPhotos, replies: [] });
  }

  if (message.kind === "unsupported") {
    replies.push(t.unsupported);
    if (step !== "IDLE") replies.push(prompt({ step, draft, locale }, mediaCount));
    return out({ clearPhotos });
  }

  // A shared location is the complaint's place (inside the city) and, while choosing, finds units near it.
  if (message.kind === "location") {
    const { lat, lng } = message.payload;
    if (typeof lat === "number" && typeof lng === "number" && inPalembang(lat, lng)) draft = { ...draft, lat, lng };
    if (step === "IDLE" || step === "UNIT") {
      if (step === "IDLE") replies.push(t.greeting);
      step = "UNIT";
      const near = (await unitChoices({ lat, lng })).slice(0, UNIT_LIST_SIZE);
      draft.choices = near.map((u) => ({ id: u.id, name: u.km !== null ? `${u.name} (${u.km} km)` : u.name }));
      replies.push(t.unitList(unitLines(draft.choices)));
      draft.choices = near.map((u) => ({ id: u.id, name: u.name }));
      return out({ clearPhotos });
    }
    replies.push(prompt({ step, draft, locale }, mediaCount));
    return out({ clearPhotos });
  }

  if (message.kind === "image") {
    if (step !== "DESCRIPTION" && step !== "PHOTOS") {
      replies.push(step === "IDLE" ? t.greeting : t.photoNotNow, prompt({ step: step === "IDLE" ? "UNIT" : step, draft, locale }, mediaCount));
      if (step === "IDLE") step = "UNIT";
      return out({ clearPhotos });
    }
    if (mediaCount >= MAX_PHOTOS) {
      replies.push(t.photoMax, prompt({ step, draft, locale }, mediaCount));
      return out({ clearPhotos });
    }
    const fetched = await ctx.fetchMedia(message.payload.mediaId ?? "");
    if (!fetched.ok) {
      replies.push(fetched.reason === "tooLarge" ? t.photoTooLarge : fetched.reason === "notImage" ? t.photoNotImage : t.photoBroken);
      return out({ clearPhotos });
    }
    let processed: Uint8Array;
    try {
      processed = (await processImage(fetched.bytes)).bytes;
    } catch (error) {
      if (!(error instanceof ImageError)) throw error;
      replies.push(error.code === "heic" ? t.photoHeic : error.code === "type" ? t.photoNotImage : error.code === "tooManyPixels" ? t.photoTooLarge : t.photoBroken);
      return out({ clearPhotos });
    }
    mediaCount++;
    // A caption sent with the photo in the description step is the description.
    const caption = message.payload.caption?.trim();
    if (step === "DESCRIPTION" && caption && caption.length >= DESCRIPTION_MIN && caption.length <= DESCRIPTION_MAX) {
      draft.description = caption;
      step = "PHOTOS";
    }
    replies.push(t.photoReceived(mediaCount));
    if (mediaCount >= MAX_PHOTOS && step === "PHOTOS") {
      replies.push(t.photoMax);
      replies.push(...toPrivacyStep());
    } else if (step === "DESCRIPTION") replies.push(t.askDescription);
    return out({ clearPhotos, addPhoto: processed });
  }

  function toPrivacyStep(): string[] {
    if (isProtectedCategory(draft.category)) {
      draft.privacy = privacyForFiling(draft.category, draft.privacy);
      step = "CONFIRM";
      return [t.extortionConfidential, summary(draft, locale, mediaCount)];
    }
    step = "PRIVACY";
    return [t.askPrivacy];
  }

  // Text, by step.
  switch (step) {
    case "IDLE": {
      replies.push(t.greeting, t.askUnit);
      step = "UNIT";
      return out({ clearPhotos });
    }
    case "UNIT": {
      const choices = draft.choices ?? [];
      if (/^\d{1,3}$/.test(text) && choices.length) {
        const chosen = choices[Number(text) - 1];
        if (!chosen) {
          replies.push(t.unitBadNumber(choices.length));
          return out({ clearPhotos });
        }
        return chooseUnit(chosen);
      }
      const q = text.slice(0, 100);
      const found = q ? (await unitChoices({ q, lat: draft.lat, lng: draft.lng })).slice(0, UNIT_LIST_SIZE) : [];
      if (found.length === 0) {
        replies.push(t.unitNone(q));
        return out({ clearPhotos });
      }
      if (found.length === 1) return chooseUnit(found[0]!);
      draft.choices = found.map((u) => ({ id: u.id, name: u.name }));
      replies.push(t.unitList(unitLines(draft.choices)));
      return out({ clearPhotos });
    }
    case "CATEGORY": {
      const n = /^\d$/.test(text) ? Number(text) : 0;
      const category = COMPLAINT_CATEGORIES[n - 1];
      if (!category) {
        replies.push(t.categoryBad);
        return out({ clearPhotos });
      }
      draft.category = category;
      step = "DESCRIPTION";
      replies.push(`${categoryLabel(locale, category)}.`, t.askDescription);
      return out({ clearPhotos });
    }
    case "DESCRIPTION": {
      if (text.length < DESCRIPTION_MIN) replies.push(t.descriptionShort);
      else if (text.length > DESCRIPTION_MAX) replies.push(t.descriptionLong);
      else {
        draft.description = text;
        if (mediaCount >= MAX_PHOTOS) replies.push(...toPrivacyStep());
        else {
          step = "PHOTOS";
          replies.push(t.askPhotos);
        }
      }
      return out({ clearPhotos });
    }
    case "PHOTOS": {
      if (["LANJUT", "SELESAI", "TIDAK", "TIDAK ADA", "SKIP", "NEXT", "DONE", "NO"].includes(command)) replies.push(...toPrivacyStep());
      else replies.push(t.askPhotos);
      return out({ clearPhotos });
    }
    case "PRIVACY": {
      const choice = privacyFromReply(command);
      if (!choice) {
        replies.push(t.privacyBad);
        return out({ clearPhotos });
      }
      draft.privacy = choice;
      step = "CONFIRM";
      replies.push(summary(draft, locale, mediaCount));
      return out({ clearPhotos });
    }
    case "CONFIRM": {
      if (!["YA", "YES", "Y", "KIRIM", "OK"].includes(command)) {
        replies.push(t.confirmBad);
        return out({ clearPhotos });
      }
      if (await overDailyLimit(ctx.channel, ctx.address, ctx.now)) {
        reset();
        replies.push(t.limit);
        return out({ clearPhotos });
      }
      const photos = (await ctx.loadPhotos()).map((bytes, i) => ({ name: `whatsapp-${i + 1}.jpg`, type: "image/jpeg", bytes }));
      const privacy = privacyForFiling(draft.category, draft.privacy);
      if (!draft.unitId || !isOneOf(COMPLAINT_CATEGORIES, draft.category) || !draft.description || !privacy) {
        replies.push(t.invalid);
        return out({ clearPhotos });
      }
      const result = await fileChannelComplaint(
        ctx.channel,
        ctx.address,
        { unitId: draft.unitId, category: draft.category, description: draft.description, privacy, lat: draft.lat, lng: draft.lng },
        photos,
        ctx.now,
      );
      if (!result.ok) {
        replies.push(t.invalid);
        return out({ clearPhotos });
      }
      reset();
      replies.push(t.created(result.complaint.ref, result.trackingCode, trackLink(result.trackingCode)));
      return out({ clearPhotos });
    }
  }

  function chooseUnit(unit: { id: number; name: string }): Outcome {
    draft.unitId = unit.id;
    draft.unitName = unit.name;
    delete draft.choices;
    step = "CATEGORY";
    replies.push(t.unitChosen(unit.name), t.askCategory(categoryLines(locale)));
    return out({ clearPhotos });
  }
}
