import { useEffect, useState } from "react";
import { useActionData, useLocation } from "@remix-run/react";

/** A random key for one filling of a form (CONTRACT: `idempotencyKey`). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The hidden `idempotencyKey` field. Rendered empty on the server (a browser without JavaScript posts
 * no key, exactly as before); filled in the browser, so every retry of the same post carries the same
 * key and the server answers a repeat with its first result. Once the server has answered (a new
 * location after a redirect, new action data, or `renewOn`: a fetcher's data) the next post is a new
 * one and gets a new key.
 */
export function IdempotencyKeyField({ renewOn }: { renewOn?: unknown }) {
  const [key, setKey] = useState("");
  const location = useLocation();
  const actionData = useActionData();
  useEffect(() => {
    setKey(newIdempotencyKey());
  }, [location.key, actionData, renewOn]);
  return <input type="hidden" name="idempotencyKey" value={key} />;
}
